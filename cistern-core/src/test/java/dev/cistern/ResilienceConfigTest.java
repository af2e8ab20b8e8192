package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Configuration of issue 4's features: defaults, properties, and a clear error for every bad value. */
class ResilienceConfigTest {

    /** A provider for the properties test; loaded by class name. */
    public static final class FixedProvider implements CredentialsProvider {
        @Override
        public Credentials credentials() {
            return new Credentials("app", "t0ken-value");
        }
    }

    @Test
    void defaultsAreOffOrConservative() {
        PoolConfig c = StubPools.valid().build();
        assertThat(c.circuitBreakerEnabled()).isTrue();
        assertThat(c.circuitBreakerFailureThreshold()).isEqualTo(5);
        assertThat(c.circuitBreakerOpenDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.leakDetectionThreshold()).isZero();
        assertThat(c.leakReclaimThreshold()).isZero();
        assertThat(c.autoscaleEnabled()).isFalse();
        assertThat(c.autoscaleStep()).isEqualTo(0.2);
        assertThat(c.autoscaleScaleUpAt()).isEqualTo(0.8);
        assertThat(c.autoscaleScaleDownAt()).isEqualTo(0.5);
        assertThat(c.autoscaleCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.registerMbeans()).isFalse();
        assertThat(c.credentialsProvider()).isNull();
        assertThat(c.defaultQueryTimeout()).isZero();
        assertThat(c.listeners()).isEmpty();
    }

    @Test
    void everyNewPropertyIsReadFromProperties() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:stub:cfg");
        p.setProperty("circuitBreaker.enabled", "false");
        p.setProperty("circuitBreaker.failureThreshold", "7");
        p.setProperty("circuitBreaker.openDuration", "15s");
        p.setProperty("leakDetectionThreshold", "30s");
        p.setProperty("leakReclaimThreshold", "5m");
        p.setProperty("autoscale.enabled", "true");
        p.setProperty("autoscale.step", "25%");
        p.setProperty("autoscale.scaleUpAt", "0.9");
        p.setProperty("autoscale.scaleDownAt", "40%");
        p.setProperty("autoscale.window", "20s");
        p.setProperty("autoscale.cooldown", "2m");
        p.setProperty("autoscale.interval", "2s");
        p.setProperty("registerMbeans", "true");
        p.setProperty("credentialsProvider", FixedProvider.class.getName());
        p.setProperty("defaultQueryTimeout", "45s");
        PoolConfig c = PoolConfig.fromProperties(p);
        assertThat(c.circuitBreakerEnabled()).isFalse();
        assertThat(c.circuitBreakerFailureThreshold()).isEqualTo(7);
        assertThat(c.circuitBreakerOpenDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.leakReclaimThreshold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.autoscaleEnabled()).isTrue();
        assertThat(c.autoscaleStep()).isEqualTo(0.25);
        assertThat(c.autoscaleScaleUpAt()).isEqualTo(0.9);
        assertThat(c.autoscaleScaleDownAt()).isEqualTo(0.4);
        assertThat(c.autoscaleWindow()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.autoscaleCooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.autoscaleInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.registerMbeans()).isTrue();
        assertThat(c.credentialsProvider()).isInstanceOf(FixedProvider.class);
        assertThat(c.defaultQueryTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.toString()).doesNotContain("t0ken").contains("credentialsProvider=" + FixedProvider.class.getName());
        assertThat(c.toBuilder().build().autoscaleStep()).isEqualTo(0.25);
    }

    @Test
    void badValuesNameTheFieldAndTheRange() {
        assertThatThrownBy(() -> StubPools.valid().circuitBreakerFailureThreshold(0).build())
                .hasMessage("circuitBreaker.failureThreshold must be between 1 and 10000; was 0");
        assertThatThrownBy(() -> StubPools.valid().circuitBreakerOpenDuration(Duration.ZERO).build())
                .hasMessage("circuitBreaker.openDuration must be a positive duration; was 0ms");
        assertThatThrownBy(() -> StubPools.valid().autoscaleStep(1.5).build())
                .hasMessage("autoscale.step must be above 0 and at most 1 (or 100%); was 1.5");
        assertThatThrownBy(() -> StubPools.valid().autoscaleScaleDownAt(0.9).build())
                .hasMessage("autoscale.scaleDownAt must be below autoscale.scaleUpAt (0.8); was 0.9");
        assertThatThrownBy(() -> StubPools.valid().autoscaleScaleDownAt(-0.1).build())
                .hasMessageContaining("autoscale.scaleDownAt must be between 0 and 1 (or 100%)");
        assertThatThrownBy(() -> StubPools.valid().autoscaleWindow(Duration.ofSeconds(1)).build())
                .hasMessage("autoscale.window must be at least autoscale.interval (5s); was 1s");
        assertThatThrownBy(() -> StubPools.valid().defaultQueryTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("defaultQueryTimeout must be 0 or a positive duration");

        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:stub:cfg");
        p.setProperty("autoscale.step", "a fifth");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p))
                .hasMessage("autoscale.step must be a fraction such as 0.8 or a percentage such as 80%; was 'a fifth'");
        p.setProperty("autoscale.step", "0.2");
        p.setProperty("credentialsProvider", "com.example.Missing");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p))
                .hasMessage("credentialsProvider 'com.example.Missing' could not be loaded: is it on the classpath?");
        p.setProperty("credentialsProvider", String.class.getName());
        assertThatThrownBy(() -> PoolConfig.fromProperties(p))
                .hasMessage("credentialsProvider 'java.lang.String' does not implement dev.cistern.CredentialsProvider");
    }
}
