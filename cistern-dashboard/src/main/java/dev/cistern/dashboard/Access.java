package dev.cistern.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may read the dashboard: anyone, when it has no token (it then listens on loopback only), or whoever
 * shows the token as {@code Authorization: Bearer <token>}, as {@code ?token=<token>}, or in the cookie a
 * {@code ?token=} request sets (HttpOnly, SameSite=Strict), so that a browser opening the page once with
 * the token can load its scripts and data. Tokens are compared in constant time.
 */
final class Access {
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._~+/=-]{" + MIN_TOKEN_LENGTH + ",256}");
    private static final String COOKIE = "cistern_dashboard_token";

    /** Null when no token is needed. */
    private final byte[] token;

    Access(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token can travel in a header, a query and a cookie unchanged (see the pattern). */
    static boolean isWellFormed(String token) {
        return WELL_FORMED.matcher(token).matches();
    }

    boolean allows(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String fromQuery = queryToken(exchange.getRequestURI().getRawQuery());
        if (fromQuery != null && matches(fromQuery)) {
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + new String(token, StandardCharsets.UTF_8)
                    + "; Path=/; HttpOnly; SameSite=Strict");
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ") && matches(authorization.substring(7).trim())) {
            return true;
        }
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String cookie : header.split(";")) {
                    String trimmed = cookie.trim();
                    if (trimmed.startsWith(COOKIE + "=") && matches(trimmed.substring(COOKIE.length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryToken(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
