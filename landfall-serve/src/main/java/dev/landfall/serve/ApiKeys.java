package dev.landfall.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/** The bearer-token check that REST and gRPC share: tokens compared in constant time. */
final class ApiKeys {
    private ApiKeys() {
    }

    /**
     * Why a request with this {@code Authorization} value is refused, or null when it may go on
     * (no keys configured, or one of them given as {@code Bearer KEY}).
     */
    static String refusal(Set<String> keys, String authorization) {
        if (keys.isEmpty()) {
            return null;
        }
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).strip() : null;
        if (token == null) {
            return "an API key is required (Authorization: Bearer <key>)";
        }
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String k : keys) {
            ok |= MessageDigest.isEqual(t, k.getBytes(StandardCharsets.UTF_8));
        }
        return ok ? null : "the API key is not valid";
    }
}
