package io.bondy.cluster.membership;

import java.util.List;

/**
 * A view this node installed.
 *
 * @param viewId  the JGroups view id, e.g. {@code [node0|4]}
 * @param members the members, in view order (the first is the coordinator), this node included
 * @param joined  the members new to this node (all others for its first view after a start or a join)
 * @param left    the members of its previous view that are not in this one
 * @param merge   whether the view merges subgroups (a healed partition, a node back from a hang): every
 *                member may have missed what the others did meanwhile, joined or not
 */
public record ViewChange(String viewId, List<String> members, List<String> joined, List<String> left,
                         boolean merge) {

    public ViewChange {
        members = List.copyOf(members);
        joined = List.copyOf(joined);
        left = List.copyOf(left);
    }
}
