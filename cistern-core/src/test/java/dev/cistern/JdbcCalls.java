package dev.cistern;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Helpers for the tests that walk every method of a JDBC interface: which methods there are, and how to
 * call one with harmless default arguments (null, zero, false; {@code Runnable.class} where a class is
 * wanted, so that unwrap/isWrapperFor ask about something no wrapper is).
 */
final class JdbcCalls {
    private JdbcCalls() {
    }

    /** Every public instance method of the interface and its super-interfaces, in a stable order. */
    static List<Method> methodsOf(Class<?> jdbcInterface) {
        List<Method> methods = new ArrayList<>();
        for (Method m : jdbcInterface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(JdbcCalls::describe));
        return methods;
    }

    /** A check of one method: what is wrong with it, or null when nothing is. */
    interface MethodCheck {
        String problem(Method m) throws Exception;
    }

    /**
     * Runs {@code check} on every method of the interface except those whose name or {@code Type.name} is in
     * {@code skipped}, adding each problem found (prefixed with the interface and the method) to {@code problems}.
     *
     * @return how many methods were checked
     */
    static int walk(Class<?> jdbcInterface, java.util.Set<String> skipped, MethodCheck check, List<String> problems)
            throws Exception {
        int checked = 0;
        for (Method m : methodsOf(jdbcInterface)) {
            if (skipped.contains(m.getName()) || skipped.contains(m.getDeclaringClass().getSimpleName() + "." + m.getName())) {
                continue;
            }
            checked++;
            String problem = check.problem(m);
            if (problem != null) {
                problems.add(jdbcInterface.getSimpleName() + ": " + describe(m) + " -> " + problem);
            }
        }
        return checked;
    }

    static String describe(Method m) {
        StringBuilder s = new StringBuilder(m.getDeclaringClass().getSimpleName()).append('.').append(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /**
     * Calls the method with default arguments. Returns what it threw (unwrapped from the reflective
     * wrapper), or null when it returned normally.
     */
    static Throwable call(Object target, Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = defaultValue(types[i]);
        }
        try {
            m.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static Object defaultValue(Class<?> type) {
        if (type == Class.class) {
            return Runnable.class;
        }
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
