package io.nexusgateway.controlplane.web;

import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Errors the container answers render as problems ({@link ProblemErrorReportValve}). Spring Boot's error page
 * ({@code /error}, its JSON body) is off ({@code NexusApplication} excludes it), so this valve is the one renderer of
 * every error no controller advice handled.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            // at the host's start, once every customizer (Spring Boot's adds a plain ErrorReportValve) has run
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    install(host);
                }
            });
        });
    }

    private static void install(Host host) {
        Pipeline pipeline = host.getPipeline();
        boolean installed = false;
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ProblemErrorReportValve) {
                installed = true;
            } else if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        if (!installed) {
            pipeline.addValve(new ProblemErrorReportValve());
        }
        if (host instanceof StandardHost standardHost) {
            // the host adds a valve of this class at its start unless the pipeline has one
            standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
    }
}
