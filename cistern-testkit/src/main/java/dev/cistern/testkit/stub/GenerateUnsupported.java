package dev.cistern.testkit.stub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the build (cistern-codegen's processor, which knows this annotation by its simple name) to write
 * {@code Unsupported<X>} for the annotated stub: every abstract method of the JDBC interface {@code X} that
 * the stub does not implement throws {@code SQLFeatureNotSupportedException("stub driver: <method> is not
 * supported")}. The stub extends that generated class. Source-only: nothing of it is left at run time.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@interface GenerateUnsupported {
    /** The JDBC interface to cover. */
    Class<?> value();
}
