package dev.cistern;

/** How the tests derive a method's name from a setting's: one rule, as the typed one-liners follow it. */
final class Names {
    private Names() {
    }

    /** {@return the name with its first letter in upper case: {@code maximumPoolSize} gives {@code MaximumPoolSize}} */
    static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
