package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes the application's {@link DataSource} a Cistern pool when none is defined (see {@link BootPoolSettings}
 * for the properties it reads), before Boot's own DataSource auto-configuration, which then backs off; not when
 * the application excludes that auto-configuration, which means "no DataSource" ({@link DataSourceNotExcluded}); and,
 * for any Cistern pool in the context, the pool metadata Boot's {@code jdbc.connections.*} metrics and
 * {@code db} health check read. Boot 3.5 and 4.0 name their DataSource auto-configuration differently;
 * both names are given, and the one absent is ignored.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass({DataSource.class, CisternDataSource.class})
public class CisternAutoConfiguration {

    /** The pool itself, closed with the context (which closes every connection it holds). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional({CisternSelected.class, DataSourceNotExcluded.class})
    static class PoolConfiguration implements BeanClassLoaderAware {
        private ClassLoader classLoader;

        @Override
        public void setBeanClassLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
        }

        @Bean(destroyMethod = "close")
        CisternDataSource dataSource(Environment environment) {
            return new CisternDataSource(BootPoolSettings.read(environment, classLoader));
        }
    }

    @Bean
    DataSourcePoolMetadataProvider cisternPoolMetadataProvider() {
        return new CisternPoolMetadataProvider();
    }
}
