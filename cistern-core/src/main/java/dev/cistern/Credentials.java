package dev.cistern;

import dev.cistern.internal.Secrets;

/**
 * A username and password for opening one physical connection. {@link #toString()} never shows the
 * password.
 *
 * @param username the user, or null for the driver's default
 * @param password the password or token, or null for none
 */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password == null ? "null" : Secrets.MASK) + "]";
    }
}
