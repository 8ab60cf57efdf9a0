package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.SyncStatus;
import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.connectors.CatalogSecrets;
import io.nexusgateway.connectors.ConnectionTest;
import io.nexusgateway.connectors.ConnectorTypes;
import io.nexusgateway.connectors.DatasourceSpec;
import io.nexusgateway.connectors.InvalidDatasourceException;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.secret.SecretCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's facade: the only way other features read or change datasources. Every write is validated in full
 * before anything is stored, so a rejected request changes nothing.
 */
@Service
public class DatasourceService {
    private static final Logger log = LoggerFactory.getLogger(DatasourceService.class);

    private final DatasourceRepository repository;
    private final DatasourceValidator validator;
    private final SecretCipher cipher;
    private final ConnectionTester connectionTester;
    private final ApplicationEventPublisher events;
    private final JsonMapper jsonMapper;
    private final NexusProperties properties;
    private final Clock clock;

    DatasourceService(
            DatasourceRepository repository,
            DatasourceValidator validator,
            SecretCipher cipher,
            ConnectionTester connectionTester,
            ApplicationEventPublisher events,
            JsonMapper jsonMapper,
            NexusProperties properties,
            Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.connectionTester = requireNonNull(connectionTester, "connectionTester is null");
        this.events = requireNonNull(events, "events is null");
        this.jsonMapper = requireNonNull(jsonMapper, "jsonMapper is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public DatasourceView create(DatasourceRequest request) {
        DatasourceValidator.Validated validated = validator.validateCreate(request);
        if (repository.findByName(validated.name()).isPresent()) {
            throw DatasourceExceptions.nameConflict(validated.name());
        }
        if (repository.findByCatalogName(validated.catalogName()).isPresent()) {
            throw DatasourceExceptions.catalogConflict(validated.catalogName());
        }
        UUID id = UUID.randomUUID();
        Instant now = now();
        String ciphertext = validated.password() == null ? null : cipher.encrypt(validated.password(), id.toString());
        DatasourceRow row = new DatasourceRow(
                id,
                validated.name(),
                validated.type(),
                validated.description(),
                validated.catalogName(),
                jsonMapper.writeValueAsString(validated.config()),
                ciphertext,
                ciphertext == null ? 0 : 1,
                validated.status(),
                validated.writable(),
                Boolean.TRUE.equals(request.passThrough()),
                SyncStatus.PENDING,
                null,
                null,
                now,
                now,
                1);
        try {
            repository.insert(row);
        } catch (DuplicateKeyException e) {
            // lost a race with a concurrent create of the same name
            throw DatasourceExceptions.nameConflict(validated.name());
        }
        log.info(
                "Registered datasource {} ({}, catalog {})",
                validated.name(),
                validated.type(),
                validated.catalogName());
        events.publishEvent(new DatasourceChangedEvent(id, DatasourceChangedEvent.Kind.CREATED));
        return get(id);
    }

    public DatasourceView update(UUID id, DatasourceRequest request, @Nullable Long ifMatchVersion) {
        DatasourceRow current = repository.findById(id).orElseThrow(() -> DatasourceExceptions.notFound(id));
        Long expected = ifMatchVersion != null ? ifMatchVersion : request.version();
        if (expected == null) {
            throw DatasourceExceptions.versionRequired();
        }
        if (expected != current.version()) {
            throw DatasourceExceptions.staleVersion(id, expected, current.version());
        }
        DatasourceValidator.Validated validated =
                validator.validateUpdate(request, current.catalogName(), current.status(), current.writable());
        repository
                .findByName(validated.name())
                .filter(other -> !other.id().equals(id))
                .ifPresent(other -> {
                    throw DatasourceExceptions.nameConflict(validated.name());
                });
        String ciphertext = current.passwordCiphertext();
        long secretVersion = current.secretVersion();
        if (validated.password() == null && ciphertext != null) {
            List<String> changed = ConnectionTarget.of(current.type(), config(current))
                    .changedFields(ConnectionTarget.of(validated.type(), validated.config()));
            if (!changed.isEmpty()) {
                throw DatasourceExceptions.passwordRequired(changed);
            }
        }
        if (validated.password() != null) {
            ciphertext = cipher.encrypt(validated.password(), id.toString());
            secretVersion++;
        }
        DatasourceRow updated = new DatasourceRow(
                id,
                validated.name(),
                validated.type(),
                validated.description(),
                current.catalogName(),
                jsonMapper.writeValueAsString(validated.config()),
                ciphertext,
                secretVersion,
                validated.status(),
                validated.writable(),
                request.passThrough() == null ? current.passThrough() : request.passThrough(),
                SyncStatus.PENDING,
                current.syncError(),
                current.syncedAt(),
                current.createdAt(),
                now(),
                current.version() + 1);
        try {
            if (!repository.update(updated, expected)) {
                long actual = repository
                        .findById(id)
                        .map(DatasourceRow::version)
                        .orElseThrow(() -> DatasourceExceptions.notFound(id));
                throw DatasourceExceptions.staleVersion(id, expected, actual);
            }
        } catch (DuplicateKeyException e) {
            throw DatasourceExceptions.nameConflict(validated.name());
        }
        log.info("Updated datasource {} to version {}", validated.name(), updated.version());
        events.publishEvent(new DatasourceChangedEvent(id, DatasourceChangedEvent.Kind.UPDATED));
        return get(id);
    }

    public void delete(UUID id) {
        DatasourceRow current = repository.findById(id).orElseThrow(() -> DatasourceExceptions.notFound(id));
        if (!repository.delete(id)) {
            throw DatasourceExceptions.notFound(id);
        }
        log.info("Deleted datasource {} (catalog {})", current.name(), current.catalogName());
        events.publishEvent(new DatasourceChangedEvent(id, DatasourceChangedEvent.Kind.DELETED));
    }

    public DatasourceView get(UUID id) {
        return repository.findById(id).map(this::toView).orElseThrow(() -> DatasourceExceptions.notFound(id));
    }

    public DatasourcePage list(@Nullable String type, @Nullable String status, int page, int size) {
        return list(type, status, page, size, null);
    }

    /** @param visible the only datasources to list (a user's granted ones); null: all */
    public DatasourcePage list(
            @Nullable String type, @Nullable String status, int page, int size, java.util.@Nullable Set<UUID> visible) {
        if (page < 0 || size < 1 || size > 500) {
            throw DatasourceExceptions.invalid(List.of(new DatasourceExceptions.FieldError(
                    "page/size", "OUT_OF_RANGE", "page must be >= 0 and size between 1 and 500")));
        }
        if (visible != null) {
            // a user's grants are few: filter the matching rows, then page
            List<DatasourceRow> rows = repository.findPage(type, status, 0, Integer.MAX_VALUE).stream()
                    .filter(row -> visible.contains(row.id()))
                    .toList();
            List<DatasourceView> items = rows.stream()
                    .skip((long) page * size)
                    .limit(size)
                    .map(this::toView)
                    .toList();
            return new DatasourcePage(items, page, size, rows.size(), (rows.size() + size - 1) / size);
        }
        long total = repository.count(type, status);
        // page * size overflows an int for pages far beyond the end, which have no rows anyway
        long offset = (long) page * size;
        List<DatasourceView> items = offset >= total
                ? List.of()
                : repository.findPage(type, status, offset, size).stream()
                        .map(this::toView)
                        .toList();
        return new DatasourcePage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    public ConnectionTestResult testConnection(UUID id) {
        DatasourceRow row = repository.findById(id).orElseThrow(() -> DatasourceExceptions.notFound(id));
        Duration timeout = properties.datasources().connectionTestTimeout();
        ConnectionTest test;
        try {
            test = ConnectorTypes.get(row.type())
                    .connectionTest(toSpec(row), timeout)
                    .orElse(null);
        } catch (InvalidDatasourceException e) {
            throw DatasourceExceptions.invalid(
                    List.of(new DatasourceExceptions.FieldError("config." + e.field(), "INVALID", e.getMessage())));
        }
        StoredConfig config = config(row);
        String password =
                row.passwordCiphertext() == null ? null : cipher.decrypt(row.passwordCiphertext(), id.toString());
        return connectionTester.test(
                new ConnectionTester.SourceConnection(
                        row.type(), test, config.host(), config.port(), config.username(), password),
                timeout);
    }

    /** Desired state for the catalog sync: the catalogs of active datasources, passwords as {@code ${nexus:...}} references. */
    public List<CatalogDefinition> desiredCatalogs() {
        List<CatalogDefinition> catalogs = new java.util.ArrayList<>();
        for (DatasourceRow row : repository.findAll()) {
            if (row.status() != DatasourceStatus.ACTIVE) {
                continue;
            }
            try {
                catalogs.add(validator.catalogOf(toSpec(row)));
            } catch (InvalidDatasourceException e) {
                // stored before a rule existed (e.g. a secret reference in a field, issue 12): no catalog for it, so
                // the reconciler drops the one Trino may still have; the others go on
                log.warn("Datasource {} cannot become a catalog: {}", row.name(), e.getMessage());
                repository.updateSyncState(row.id(), SyncStatus.FAILED, e.getMessage(), row.syncedAt());
            }
        }
        return List.copyOf(catalogs);
    }

    /**
     * Every registered datasource's catalog and whether it accepts writes, sorted by catalog: the read-only policy Trino
     * enforces (inactive datasources too, so a catalog that outlives its deactivation stays read-only).
     */
    public List<DatasourceCatalog> catalogs() {
        return repository.findAll().stream()
                .map(row -> new DatasourceCatalog(
                        row.catalogName(), row.name(), row.type(), row.writable(), row.passThrough()))
                .sorted(java.util.Comparator.comparing(DatasourceCatalog::catalog))
                .toList();
    }

    /** The datasource whose catalog is {@code catalog}, as ETL jobs see it. */
    public Optional<JobDatasource> jobDatasourceByCatalog(String catalog) {
        return repository.findByCatalogName(catalog).map(this::jobDatasource);
    }

    /** The datasource named {@code name}, as ETL jobs see it. */
    public Optional<JobDatasource> jobDatasourceByName(String name) {
        return repository.findByName(name).map(this::jobDatasource);
    }

    /** The password of datasource {@code id}, for an ETL job's credential ticket only; empty if it has none. */
    public Optional<String> jobPassword(UUID id) {
        return resolveSecret(SecretReferences.passwordKey(id));
    }

    private JobDatasource jobDatasource(DatasourceRow row) {
        Optional<io.nexusgateway.connectors.EngineConnection> connection;
        try {
            connection = ConnectorTypes.get(row.type()).engineConnection(toSpec(row));
        } catch (InvalidDatasourceException e) {
            connection = Optional.empty();
        }
        return new JobDatasource(
                row.id(),
                row.name(),
                row.catalogName(),
                row.type(),
                row.status(),
                row.writable(),
                row.passwordCiphertext() != null,
                connection);
    }

    /** The password behind a {@code datasource.<id>.password} reference, for Trino's secrets provider only. */
    public Optional<String> resolveSecret(String key) {
        Optional<UUID> id = SecretReferences.datasourceId(key);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return repository
                .findById(id.get())
                .filter(row -> row.passwordCiphertext() != null)
                .map(row -> cipher.decrypt(row.passwordCiphertext(), row.id().toString()))
                .filter(password -> {
                    // stored before such passwords were refused: Trino's connector would interpolate ${ENV:...} in it
                    // and send its environment to the source; the catalog fails to load instead
                    boolean resolvable = CatalogSecrets.containsResolvableReference(password);
                    if (resolvable) {
                        log.warn(
                                "Not handing out the password of datasource {}: it holds a ${...} reference", id.get());
                    }
                    return !resolvable;
                });
    }

    /** Every datasource's sync state, by id (for the catalog sync's ledger). */
    public java.util.Map<UUID, DatasourceView.SyncView> syncStates() {
        java.util.Map<UUID, DatasourceView.SyncView> states = new java.util.LinkedHashMap<>();
        for (DatasourceRow row : repository.findAll()) {
            states.put(row.id(), syncView(row));
        }
        return states;
    }

    /** Records the outcome of syncing a datasource's catalog (called by the catalog sync). */
    public void recordSync(UUID id, SyncStatus state, @Nullable String error, @Nullable Instant syncedAt) {
        repository.updateSyncState(id, state, error, syncedAt);
    }

    /** Re-encrypts every password not under the current key; run at startup after a key rotation. */
    public int reencryptSecrets() {
        int count = 0;
        for (DatasourceRow row : repository.findAll()) {
            if (row.passwordCiphertext() != null && !cipher.isCurrent(row.passwordCiphertext())) {
                String plaintext =
                        cipher.decrypt(row.passwordCiphertext(), row.id().toString());
                repository.updateCiphertext(
                        row.id(), cipher.encrypt(plaintext, row.id().toString()));
                count++;
            }
        }
        if (count > 0) {
            log.info("Re-encrypted {} datasource passwords under the current secret key", count);
        }
        return count;
    }

    private DatasourceSpec toSpec(DatasourceRow row) {
        return config(row)
                .toSpec(
                        row.id(),
                        row.type(),
                        row.catalogName(),
                        row.passwordCiphertext() == null ? null : SecretReferences.passwordReference(row.id()),
                        row.secretVersion(),
                        row.writable());
    }

    private DatasourceView toView(DatasourceRow row) {
        DatasourceStatus status =
                switch (row.status()) {
                    case ACTIVE ->
                        row.syncState() == SyncStatus.FAILED ? DatasourceStatus.ERROR : DatasourceStatus.ACTIVE;
                    case INACTIVE, ERROR -> row.status();
                };
        return new DatasourceView(
                row.id(),
                row.name(),
                row.type(),
                row.description(),
                row.catalogName(),
                status.wire(),
                row.writable(),
                row.passThrough(),
                syncView(row),
                row.createdAt(),
                row.updatedAt(),
                row.version(),
                config(row).toDto(row.passwordCiphertext() != null));
    }

    private static DatasourceView.SyncView syncView(DatasourceRow row) {
        return new DatasourceView.SyncView(row.syncState().name(), row.syncError(), row.syncedAt());
    }

    private StoredConfig config(DatasourceRow row) {
        return jsonMapper.readValue(row.configJson(), StoredConfig.class);
    }

    private Instant now() {
        // microseconds: what every metadata store keeps
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
