package dev.cistern.proxy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the build to write the plain delegation of a JDBC wrapper. On {@code ProxyX} it makes the
 * processor in cistern-codegen (which knows this annotation by its simple name; core depends on nothing
 * of ours) write {@code XDelegation}: an abstract superclass implementing every method of {@link #value()}
 * that the wrapper and its hand-written superclasses do not, each by one rule: refuse once the connection
 * is closed, reclaimed or evicted (SQLState 08003 with the reason), delegate, and pass any
 * {@code SQLException} through the connection's fatal-error check. The wrapper writes only what adds
 * behaviour. Source-only: nothing of it is left at run time.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@interface GenerateDelegation {
    /** The JDBC interface to implement. */
    Class<?> value();

    /** The class whose {@code checkOpen()} and {@code checkException(e)} guard every call: {@link ProxyConnection}. */
    Class<?> owner();

    /** A hand-written wrapper of a super-interface to extend; its interface is not delegated again. */
    Class<?> base() default Object.class;

    /** Methods (all overloads of each name) that run SQL: they start with {@code beginWork()}, which also notes that a transaction may be open. */
    String[] work() default {};

    /** Returned JDBC types that go through the wrapper's {@code wrap(T)} hook, so the driver's object never reaches the user. */
    Class<?>[] wrap() default {};

    /**
     * Methods (by name) the wrapper overrides to add behaviour after the plain delegation: they are
     * generated anyway, so the override calls {@code super} and adds only its own lines.
     */
    String[] extended() default {};
}
