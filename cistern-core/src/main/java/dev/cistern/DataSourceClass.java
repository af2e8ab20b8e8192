package dev.cistern;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Properties;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * {@code dataSourceClassName}, as HikariCP reads it: a {@link DataSource} class made with its no-argument
 * constructor, and each {@code dataSource.X} property given to its {@code setX} setter (text converted to
 * the setter's type: String, int, long, boolean or their boxes). A property the class has no setter for,
 * or a value of the wrong kind, is an error naming both.
 */
final class DataSourceClass {
    private DataSourceClass() {
    }

    static DataSource create(String className, Properties properties) {
        Object instance;
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true, context != null ? context : DataSourceClass.class.getClassLoader());
            if (!DataSource.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("dataSourceClassName '" + className + "' is not a javax.sql.DataSource");
            }
            instance = type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("dataSourceClassName '" + className
                    + "' could not be loaded: is its jar on the classpath?");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("dataSourceClassName '" + className
                    + "' could not be made with a public no-argument constructor: " + e, e);
        }
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            set(instance, className, name, properties.getProperty(name));
        }
        return (DataSource) instance;
    }

    private static void set(Object target, String className, String name, String value) {
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method method : target.getClass().getMethods()) {
            if (!method.getName().equals(setter) || method.getParameterCount() != 1) {
                continue;
            }
            Object argument = convert(method.getParameterTypes()[0], value);
            if (argument == null) {
                continue; // another overload may take it
            }
            try {
                method.invoke(target, argument);
                return;
            } catch (IllegalAccessException | InvocationTargetException e) {
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                throw new IllegalArgumentException("dataSource." + name + ": " + className + "." + setter
                        + " refused the value: " + cause.getClass().getName(), cause);
            }
        }
        throw new IllegalArgumentException("dataSource." + name + ": " + className + " has no " + setter
                + " taking text, a number or a boolean");
    }

    /** The value as the setter's type, or null when it cannot be one. */
    private static Object convert(Class<?> type, String value) {
        try {
            if (type == String.class || type == Object.class) {
                return value;
            }
            if (type == int.class || type == Integer.class) {
                return Integer.valueOf(value.trim());
            }
            if (type == long.class || type == Long.class) {
                return Long.valueOf(value.trim());
            }
            if (type == boolean.class || type == Boolean.class) {
                String trimmed = value.trim();
                return trimmed.equalsIgnoreCase("true") ? Boolean.TRUE
                        : trimmed.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
