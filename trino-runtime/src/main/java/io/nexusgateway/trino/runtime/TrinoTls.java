package io.nexusgateway.trino.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Trino's HTTPS identity: a self-signed PKCS12 keystore (SAN {@code localhost}, {@code 127.0.0.1}) made once with the
 * JDK's {@code keytool} and kept, so clients that trust {@link #certificate()} keep trusting it across restarts.
 *
 * @param keystore PKCS12 keystore with the private key (mode 0600); only Trino reads it
 * @param password the keystore's password, from {@code keystore-password} beside it (mode 0600)
 * @param certificate the PEM certificate clients trust: trino-jdbc {@code SSLTrustStorePath}, trino-cli
 *     {@code --truststore-path}, the control plane
 */
public record TrinoTls(Path keystore, String password, Path certificate) {
    private static final String ALIAS = "trino";

    public TrinoTls {
        requireNonNull(keystore, "keystore is null");
        requireNonNull(password, "password is null");
        requireNonNull(certificate, "certificate is null");
    }

    /** The keystore under {@code dir}, generated with {@code javaHome}'s keytool if it is not there yet. */
    public static TrinoTls ensure(Path dir, Path javaHome) {
        Path keystore = dir.resolve("trino.p12");
        Path passwordFile = dir.resolve("keystore-password");
        Path certificate = dir.resolve("trino.pem");
        try {
            // the keystore holds the private key
            PrivateFiles.createDirectories(dir);
            if (Files.exists(keystore) && Files.exists(passwordFile) && Files.exists(certificate)) {
                return new TrinoTls(
                        keystore, Files.readString(passwordFile, UTF_8).strip(), certificate);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path staging = Files.createTempDirectory(dir, ".tls-");
            Path stagedKeystore = staging.resolve("trino.p12");
            Path stagedCertificate = staging.resolve("trino.pem");
            Path keytool = javaHome.resolve("bin").resolve("keytool");
            keytool(
                    keytool,
                    password,
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=localhost, O=Nexus Gateway",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    stagedKeystore.toString(),
                    "-storepass:env",
                    "NEXUS_KEYSTORE_PASSWORD");
            keytool(
                    keytool,
                    password,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    ALIAS,
                    "-keystore",
                    stagedKeystore.toString(),
                    "-storepass:env",
                    "NEXUS_KEYSTORE_PASSWORD",
                    "-file",
                    stagedCertificate.toString());
            Files.setPosixFilePermissions(stagedKeystore, PosixFilePermissions.fromString("rw-------"));
            Path stagedPassword = staging.resolve("keystore-password");
            Files.writeString(stagedPassword, password, UTF_8);
            Files.setPosixFilePermissions(stagedPassword, PosixFilePermissions.fromString("rw-------"));
            Files.move(stagedPassword, passwordFile, StandardCopyOption.REPLACE_EXISTING);
            Files.move(stagedKeystore, keystore, StandardCopyOption.REPLACE_EXISTING);
            Files.move(stagedCertificate, certificate, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staging);
            return new TrinoTls(keystore, password, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Trino's TLS keystore in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(Path keytool, String password, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // through the environment: a password among the arguments would show in ps
        builder.environment().put("NEXUS_KEYSTORE_PASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    "keytool " + arguments[0] + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }
}
