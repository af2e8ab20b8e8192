package dev.cistern;

import java.sql.SQLException;

/**
 * Supplies credentials each time the pool opens a physical connection, so that short-lived tokens (AWS
 * IAM authentication, Vault database secrets) keep working as they rotate. Called on the pool's creator
 * threads, never on a borrower's; it may block for as long as fetching a token takes, which counts
 * against the connection attempt. An unchecked exception counts as a failed connection attempt (and
 * towards the circuit breaker) and is kept as the cause of what borrowers are told, but none of its text is
 * copied into the pool's messages or log lines, since it may hold a token.
 *
 * <p>Set with {@link PoolConfig.Builder#credentialsProvider}, or by class name with the
 * {@code credentialsProvider} property (the class needs a public no-argument constructor).
 */
@FunctionalInterface
public interface CredentialsProvider {
    /**
     * Fetches the credentials for one new physical connection; called once per connection attempt.
     *
     * @return the username and password to connect with; never null (null counts as a failed attempt)
     * @throws SQLException when no credentials could be had; counts as a failed connection attempt
     */
    Credentials credentials() throws SQLException;
}
