package io.nexusgateway.controlplane;

import java.util.TimeZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

// no /error page: the container's errors render as problems (web.ProblemErrorReportValve), not as Spring's JSON
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class NexusApplication {
    public static void main(String[] args) {
        // timestamps are stored as UTC wall-clock values: every replica must agree on the zone
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SpringApplication.run(NexusApplication.class, args);
    }
}
