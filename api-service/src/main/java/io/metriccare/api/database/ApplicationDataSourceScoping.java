package io.metriccare.api.database;

import javax.sql.DataSource;

import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Puts the database tenant scope on the application's DataSource, the bean named {@value #APPLICATION_DATA_SOURCE}
 * (the embedded pool, or Spring Boot's pool from {@code spring.datasource.*}), so every repository works under
 * row-level security without knowing it. The migration DataSource is a different bean and stays as it is.
 */
@Component
class ApplicationDataSourceScoping implements BeanPostProcessor {

    static final String APPLICATION_DATA_SOURCE = "dataSource";

    private final ObjectProvider<DatabaseTenantScope> scope;

    ApplicationDataSourceScoping(ObjectProvider<DatabaseTenantScope> scope) {
        this.scope = scope;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (APPLICATION_DATA_SOURCE.equals(beanName) && bean instanceof DataSource pool) {
            return scope.getObject().scoped(pool);
        }
        return bean;
    }
}
