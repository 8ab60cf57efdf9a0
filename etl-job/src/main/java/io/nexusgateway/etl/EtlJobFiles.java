package io.nexusgateway.etl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a job document on the engine side, with the Jackson 2 that Spark brings. */
public final class EtlJobFiles {
    // the control plane may add fields a running engine's older application does not know yet
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EtlJobFiles() {}

    public static EtlJob read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EtlJob.class);
    }

    public static EtlJob parse(String json) throws IOException {
        return JSON.readValue(json, EtlJob.class);
    }
}
