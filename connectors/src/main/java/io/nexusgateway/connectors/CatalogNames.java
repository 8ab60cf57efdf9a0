package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Catalog names Nexus creates: {@code [a-z][a-z0-9_]*}, at most {@value #MAX_LENGTH} characters, not reserved.
 *
 * <p>Trino itself accepts any quoted identifier as a catalog name ({@code "my-cat"}, {@code "9x"}; it lower-cases
 * them) and limits the length only through the file store's file name ({@code <name>.properties}, 255 bytes; a
 * 300-character name fails with "Could not store catalog properties"). Nexus is stricter so that a catalog name can be
 * typed unquoted in SQL, is the same in every client, and fits the identifier limits of the tools around it.
 */
public final class CatalogNames {
    /** Longest catalog name Nexus creates. */
    public static final int MAX_LENGTH = 64;

    /**
     * Names Nexus never owns: Trino's {@code system} catalog, and {@code information_schema}, which reads as the schema
     * of that name in every catalog. Deployments with static catalogs add theirs through {@link #validate(String,
     * Set)}.
     */
    public static final Set<String> RESERVED = Set.of("system", "information_schema");

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern NON_IDENTIFIER = Pattern.compile("[^a-z0-9]+");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final String DIGIT_PREFIX = "ds_";
    private static final String RESERVED_SUFFIX = "_ds";

    private CatalogNames() {}

    /**
     * A valid catalog name for a datasource called {@code datasourceName}: lower case, accents removed, every run of
     * other characters turned into {@code _}, {@code ds_} in front of a leading digit, cut to {@value #MAX_LENGTH}
     * characters, {@code _ds} appended to a reserved name. Two datasource names may derive the same catalog name; the
     * registry keeps catalog names unique.
     */
    public static String derive(String datasourceName) {
        return derive(datasourceName, RESERVED);
    }

    /** Like {@link #derive(String)}, also avoiding {@code reserved} (e.g. the deployment's static catalogs). */
    public static String derive(String datasourceName, Set<String> reserved) {
        requireNonNull(datasourceName, "datasourceName is null");
        requireNonNull(reserved, "reserved is null");
        String ascii = COMBINING_MARKS
                .matcher(Normalizer.normalize(datasourceName, Normalizer.Form.NFKD))
                .replaceAll("");
        String name = NON_IDENTIFIER.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("_");
        name = trimUnderscores(name);
        if (name.isEmpty()) {
            throw InvalidCatalogNameException.invalid(
                    datasourceName, "the datasource name has no letters or digits to derive a catalog name from");
        }
        if (!Character.isLetter(name.charAt(0))) {
            name = DIGIT_PREFIX + name;
        }
        if (name.length() > MAX_LENGTH) {
            name = trimUnderscores(name.substring(0, MAX_LENGTH));
        }
        if (isReserved(name, reserved)) {
            String base = name.length() + RESERVED_SUFFIX.length() > MAX_LENGTH
                    ? name.substring(0, MAX_LENGTH - RESERVED_SUFFIX.length())
                    : name;
            name = base + RESERVED_SUFFIX;
        }
        return validate(name, reserved);
    }

    /** Returns {@code catalogName} if Nexus may own a catalog of that name, else throws. */
    public static String validate(String catalogName) {
        return validate(catalogName, RESERVED);
    }

    /**
     * Returns {@code catalogName} if Nexus may own a catalog of that name and it is not in {@link #RESERVED} or
     * {@code reserved}, else throws {@link InvalidCatalogNameException}.
     */
    public static String validate(String catalogName, Set<String> reserved) {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(reserved, "reserved is null");
        if (catalogName.isEmpty()) {
            throw InvalidCatalogNameException.invalid(catalogName, "empty");
        }
        if (catalogName.length() > MAX_LENGTH) {
            throw InvalidCatalogNameException.invalid(catalogName, "longer than %d characters".formatted(MAX_LENGTH));
        }
        if (!VALID.matcher(catalogName).matches()) {
            throw InvalidCatalogNameException.invalid(
                    catalogName, "use lowercase letters, digits and '_', starting with a letter");
        }
        if (isReserved(catalogName, reserved)) {
            throw InvalidCatalogNameException.reserved(catalogName);
        }
        return catalogName;
    }

    /** Whether {@code catalogName} is a valid name Nexus may own. */
    public static boolean isValid(String catalogName) {
        try {
            validate(catalogName);
            return true;
        } catch (InvalidCatalogNameException e) {
            return false;
        }
    }

    private static boolean isReserved(String name, Set<String> reserved) {
        return RESERVED.contains(name) || reserved.contains(name);
    }

    private static String trimUnderscores(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }
}
