package io.bondy.security.authz;

import io.bondy.security.model.Grant;
import io.bondy.core.uri.UriIndex;
import java.util.Collection;

/**
 * The effective permissions of one principal: every grant of its roles merged into one URI index of
 * permission masks. A check is one exact lookup, a walk of the prefix trie and a walk of the
 * wildcard trie, whatever the number of grants.
 *
 * <p>Threading: immutable after construction; lookups from any thread.
 */
public final class PermissionIndex {

    private final int anyMask;
    private final UriIndex<Integer> index = new UriIndex<>(false);
    private final boolean empty;

    public PermissionIndex(Collection<Grant> grants) {
        int any = 0;
        for (Grant g : grants) {
            if (g.resource().isAny()) {
                any |= g.permissions();
            } else {
                int bits = g.permissions();
                index.update(g.resource().uri(), g.resource().match(), v -> v == null ? bits : v | bits);
            }
        }
        this.anyMask = any;
        this.empty = index.size() == 0;
    }

    /** Whether every bit of {@code permission} is granted on {@code uri}. */
    public boolean allows(int permission, String uri) {
        if ((anyMask & permission) == permission) {
            return true;
        }
        if (empty) {
            return false;
        }
        int[] acc = {anyMask};
        index.forEachMatch(uri, v -> acc[0] |= v);
        return (acc[0] & permission) == permission;
    }
}
