package io.nexusgateway.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class TestDatabaseNames {
    @Test
    void testUniqueNameIsLowercaseAndSafe() {
        assertThat(DatabaseNames.uniqueName("Catalog-Sync Test")).matches("catalog_sync_tes_[a-z0-9]{10}");
        assertThat(DatabaseNames.uniqueName("x")).matches("x_[a-z0-9]{10}");
        assertThat(DatabaseNames.uniqueName("9lives")).matches("t9lives_[a-z0-9]{10}");
        assertThat(DatabaseNames.uniqueName("")).matches("t_[a-z0-9]{10}");
        assertThat(DatabaseNames.uniqueName("Bobby'); DROP TABLE students;--")).matches("[a-z0-9_]+");
        assertThat(DatabaseNames.uniqueName("Ünïcödé")).matches("t_n_c_d__[a-z0-9]{10}");
    }

    @Test
    void testUniqueNamesDiffer() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(DatabaseNames.uniqueName("same"));
        }
        assertThat(names).hasSize(1000);
    }

    @Test
    void testUserNameFitsEveryServer() {
        String longest = DatabaseNames.userName(DatabaseNames.uniqueName("a".repeat(100)));
        assertThat(longest).hasSizeLessThanOrEqualTo(32);
    }

    @Test
    void testRandomPasswordIsStrongAndNeedsNoQuoting() {
        for (int i = 0; i < 200; i++) {
            String password = DatabaseNames.randomPassword();
            assertThat(password)
                    .hasSize(24)
                    .containsPattern("[a-z]")
                    .containsPattern("[A-Z]")
                    .containsPattern("[0-9]")
                    .containsPattern("[!%+\\-_.~*]")
                    .doesNotContainPattern("['\"\\\\`\\s$]");
            assertThat(DatabaseNames.checkPassword(password)).isEqualTo(password);
        }
    }

    @Test
    void testCheckPasswordRejectsWhatNeedsQuoting() {
        for (String password : new String[] {"it's", "say \"hi\"", "back\\slash", "back`tick", "two words", "tab\t"}) {
            assertThatThrownBy(() -> DatabaseNames.checkPassword(password))
                    .as(password)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DatabaseNames.checkPassword("")).hasMessage("password is empty");
        assertThatThrownBy(() -> DatabaseNames.checkPassword("pässword")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DatabaseNames.checkPassword("Canary!%#@^&()")).isEqualTo("Canary!%#@^&()");
    }
}
