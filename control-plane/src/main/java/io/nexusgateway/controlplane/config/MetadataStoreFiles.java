package io.nexusgateway.controlplane.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 metadata store holds password hashes, encrypted datasource passwords and the whole audit trail: its
 * directory is made 0700 before H2 first opens it, and its files 0600 once H2 has created them (H2 creates files with
 * the JVM's umask; {@code bin/nexus} also runs with umask 077). Other metadata stores keep their own permissions.
 */
@Component
class MetadataStoreFiles implements BeanPostProcessor, ApplicationListener<ApplicationReadyEvent> {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final @Nullable Path database;

    MetadataStoreFiles(Environment environment) {
        this.database = h2File(environment.getProperty("spring.datasource.url")).orElse(null);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource && database != null) {
            secure();
        }
        return bean;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (database != null) {
            secure();
        }
    }

    /** The database file path of an embedded H2 URL ({@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}). */
    static Optional<Path> h2File(@Nullable String url) {
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String location = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("(?i)(mem|tcp|ssl|zip|split|nio\\w*|async|retry):.*")) {
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return location.isBlank()
                ? Optional.empty()
                : Optional.of(Path.of(location).toAbsolutePath());
    }

    private void secure() {
        Path directory = database.getParent();
        String prefix = database.getFileName().toString() + ".";
        try {
            List<Path> missing = new ArrayList<>();
            for (Path current = directory; current != null && !Files.exists(current); current = current.getParent()) {
                missing.addFirst(current);
            }
            for (Path path : missing) {
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            Files.setPosixFilePermissions(directory, DIRECTORY);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (file.getFileName().toString().startsWith(prefix)) {
                        Files.setPosixFilePermissions(file, FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the metadata store " + directory + " private", e);
        }
    }
}
