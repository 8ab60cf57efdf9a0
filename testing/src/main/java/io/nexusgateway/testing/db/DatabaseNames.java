package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Unique, lowercase, SQL-safe names and strong passwords for test databases and logins. */
final class DatabaseNames {
    // 16 + 1 + 10 + "_user" = 32 characters at most: fits MySQL's, MariaDB's and PostgreSQL's limits
    static final int MAX_PREFIX_LENGTH = 16;
    private static final int SUFFIX_LENGTH = 10;
    private static final int PASSWORD_LENGTH = 24;

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = LOWER.toUpperCase(Locale.ROOT);
    private static final String DIGITS = "0123456789";
    // no quotes, backslash, backtick, '$' or whitespace: safe inside a single-quoted SQL literal on both servers,
    // yet '%', '!' and '+' still catch code that puts passwords into URLs or shells without encoding them
    private static final String SPECIAL = "!%+-_.~*";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseNames() {}

    /** {@code prefix} lowercased, reduced to {@code [a-z0-9_]}, shortened, then {@code _} and a random suffix. */
    static String uniqueName(String prefix) {
        requireNonNull(prefix, "prefix is null");
        StringBuilder name = new StringBuilder();
        for (char character : prefix.toLowerCase(Locale.ROOT).toCharArray()) {
            if (name.length() == MAX_PREFIX_LENGTH) {
                break;
            }
            boolean safe = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
            name.append(safe ? character : '_');
        }
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name.insert(0, 't');
            name.setLength(Math.min(name.length(), MAX_PREFIX_LENGTH));
        }
        name.append('_');
        String alphabet = LOWER + DIGITS;
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    static String userName(String databaseName) {
        return databaseName + "_user";
    }

    /** 24 random characters with at least one lowercase, uppercase, digit and special character. */
    static String randomPassword() {
        List<Character> characters = new ArrayList<>(PASSWORD_LENGTH);
        characters.add(randomCharacter(LOWER));
        characters.add(randomCharacter(UPPER));
        characters.add(randomCharacter(DIGITS));
        characters.add(randomCharacter(SPECIAL));
        String alphabet = LOWER + UPPER + DIGITS + SPECIAL;
        while (characters.size() < PASSWORD_LENGTH) {
            characters.add(randomCharacter(alphabet));
        }
        Collections.shuffle(characters, RANDOM);
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        characters.forEach(password::append);
        return password.toString();
    }

    /**
     * Accepts a caller's password if it can go into a single-quoted SQL literal unescaped: printable ASCII without
     * quotes, backslash or backtick.
     */
    static String checkPassword(String password) {
        requireNonNull(password, "password is null");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password is empty");
        }
        for (char character : password.toCharArray()) {
            if (character <= ' ' || character > '~' || "'\"\\`".indexOf(character) >= 0) {
                throw new IllegalArgumentException("password may only contain printable ASCII characters other than"
                        + " space, quotes, backslash and backtick; found character code " + (int) character);
            }
        }
        return password;
    }

    private static char randomCharacter(String alphabet) {
        return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
}
