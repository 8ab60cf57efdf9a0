package io.nexusgateway.controlplane.trino;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.nexusgateway.controlplane.auth.AccessTokenIssuer;
import io.nexusgateway.controlplane.auth.IssuedToken;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Trino as the control plane reaches it. Every call carries a token of the user it runs as, minted here (Trino verifies
 * it against our JWKS): Trino's {@code current_user}, its access control and the audit trail see the real user, and no
 * principal ever needs impersonation rights.
 */
public final class TrinoAccess {
    // renewed when less than this share of its lifetime is left, so no call starts with a token about to expire
    private static final double RENEW_AT = 0.3;
    // one token per user the control plane calls Trino as; idle users' tokens go once expired
    private static final long MAX_TOKENS = 10_000;

    private final URI uri;
    private final @Nullable Path certificate;
    private final String syncUser;
    private final Duration tokenLifetime;
    private final AccessTokenIssuer issuer;
    private final Clock clock;
    private final SSLContext sslContext;
    private final X509TrustManager trustManager;
    private final Cache<String, IssuedToken> tokens;

    public TrinoAccess(NexusProperties.Trino trino, AccessTokenIssuer issuer, Clock clock) {
        this(trino, issuer, clock, Ticker.systemTicker());
    }

    public TrinoAccess(NexusProperties.Trino trino, AccessTokenIssuer issuer, Clock clock, Ticker ticker) {
        this.uri = trino.uri();
        this.certificate = trino.certificate();
        this.syncUser = trino.syncUser();
        this.tokenLifetime = trino.userTokenLifetime();
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tokens = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfterWrite(tokenLifetime)
                .ticker(requireNonNull(ticker, "ticker is null"))
                .executor(Runnable::run)
                .build();
        this.trustManager = trustManager(certificate);
        try {
            this.sslContext = SSLContext.getInstance("TLS");
            this.sslContext.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for Trino: " + e.getMessage(), e);
        }
    }

    /** Trino's client endpoint, e.g. {@code https://127.0.0.1:8443}. */
    public URI uri() {
        return uri;
    }

    public boolean isHttps() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** The catalog-sync service's principal. */
    public String syncUser() {
        return syncUser;
    }

    /** A bearer token for {@code user}, valid for a while yet. */
    public String tokenFor(String user) {
        IssuedToken token = tokens.asMap().compute(user, (name, cached) -> isFresh(cached) ? cached : mint(name));
        return token.token();
    }

    /** trino-jdbc URL, trusting the configured certificate. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:trino://" + uri.getHost() + ":" + uri.getPort());
        if (isHttps()) {
            url.append("?SSL=true");
            if (certificate != null) {
                url.append("&SSLTrustStorePath=").append(certificate);
            }
        }
        return url.toString();
    }

    /** trino-jdbc properties of {@code user}: a fresh token each time it is asked (tokens are short-lived). */
    public Properties jdbcProperties(String user) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (isHttps()) {
            properties.setProperty("accessToken", tokenFor(user));
        }
        return properties;
    }

    private boolean isFresh(@Nullable IssuedToken token) {
        if (token == null) {
            return false;
        }
        Duration left = Duration.between(clock.instant(), token.expiresAt());
        return left.toMillis() > tokenLifetime.toMillis() * RENEW_AT;
    }

    private IssuedToken mint(String user) {
        return issuer.issue(user, List.of(), tokenLifetime);
    }

    private static X509TrustManager trustManager(@Nullable Path certificate) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (certificate == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream input = Files.newInputStream(certificate)) {
                    int index = 0;
                    for (Certificate cert :
                            CertificateFactory.getInstance("X.509").generateCertificates(input)) {
                        store.setCertificateEntry("trino-" + index++, cert);
                    }
                }
                factory.init(store);
            }
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read Trino's certificate " + certificate + " (nexus.trino.certificate): " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Trino's certificate " + certificate + " (nexus.trino.certificate) is not usable: "
                            + e.getMessage(),
                    e);
        }
    }
}
