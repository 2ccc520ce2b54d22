package io.bondy.cluster.membership;

import io.bondy.cluster.ClusterConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: one JGroups channel (see {@link JGroupsStack}), named after
 * the node. JGroups does discovery, failure detection and partition merging; this class turns its
 * views into member names, {@link MembershipListener} calls and a byte-message service.
 *
 * <p>Threading: thread-safe. {@link #start()}, {@link #leave()}, {@link #join} and {@link #close()}
 * are serialized; listeners and handlers run on JGroups threads.
 */
public final class ClusterMembership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final ClusterConfig config;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Map<PeerService, List<PeerMessageHandler>> handlers = new java.util.EnumMap<>(PeerService.class);
    private volatile JChannel channel;
    private volatile View view;
    /** The names of the current view's members (empty when not joined). */
    private volatile java.util.Set<String> memberNames = java.util.Set.of();
    private volatile long joinedAtMillis;
    private volatile java.util.concurrent.ScheduledExecutorService dnsRefresh;
    /**
     * The addresses of nodes that sent to this one while not in its view (a member that installed a
     * view first, a node merging back), by name, so an answer can reach them: at most {@link #STRANGERS}.
     */
    private final java.util.Map<String, Address> strangers = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Address> eldest) {
                    return size() > STRANGERS;
                }
            });
    private static final int STRANGERS = 64;
    /** Seeds given to {@link #join} at run time (kept when DNS discovery refreshes the list). */
    private final List<InetSocketAddress> joinedSeeds = new CopyOnWriteArrayList<>();

    public ClusterMembership(ClusterConfig config) {
        this.config = config;
        for (PeerService service : PeerService.values()) {
            handlers.put(service, new CopyOnWriteArrayList<>());
        }
    }

    /** Opens the channel and joins (or, finding no member, founds) the cluster. */
    public synchronized void start() {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        try {
            channel = new JChannel(JGroupsStack.protocols(config)).name(config.nodename()).setReceiver(new ViewReceiver());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the cluster channel: " + e.getMessage(), e);
        }
        try {
            connect();
        } catch (RuntimeException e) {
            channel.close(); // e.g. the peer port is taken: release what was opened
            throw e;
        }
        if (config.dns().enabled()) {
            startDnsRefresh();
        }
    }

    /**
     * Resolves the DNS name again every {@code cluster.dns_refresh} and gives TCPPING the new list:
     * MERGE3 probes it, so nodes that appear behind the name later (a scaled-out service, a node
     * that started after this one) are merged into the view.
     */
    private void startDnsRefresh() {
        DnsSeeds seeds = new DnsSeeds(config);
        dnsRefresh = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-cluster-dns");
            t.setDaemon(true);
            return t;
        });
        long every = config.dns().refresh().toMillis();
        dnsRefresh.scheduleWithFixedDelay(() -> {
            try {
                JChannel ch = channel;
                if (ch != null) {
                    List<PhysicalAddress> hosts = new ArrayList<>();
                    List<InetSocketAddress> all = new ArrayList<>(seeds.current());
                    all.addAll(joinedSeeds);
                    for (InetSocketAddress a : all) {
                        if (a.getAddress() != null) {
                            hosts.add(new IpAddress(a.getAddress(), a.getPort()));
                        }
                    }
                    ch.getProtocolStack().<TCPPING>findProtocol(TCPPING.class).setInitialHosts2(hosts);
                }
            } catch (RuntimeException e) {
                LOG.warn("Refreshing the cluster's DNS discovery failed: {}", e.toString());
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Leaves the cluster (the channel stays open so {@link #join} can rejoin). */
    public synchronized void leave() {
        JChannel ch = channel;
        if (ch != null && ch.isConnected()) {
            LOG.info("Node {} leaves cluster {}", config.nodename(), config.name());
            ch.disconnect();
            View last = view;
            view = null;
            memberNames = java.util.Set.of();
            joinedAtMillis = 0;
            if (last != null) {
                last.getMembers().stream().map(Address::toString).filter(m -> !m.equals(config.nodename()))
                        .forEach(this::fireLeft);
            }
        }
    }

    /**
     * Adds {@code seed} to the discovery list and, if this node left, rejoins. A running node merges
     * with the seed's cluster through MERGE3 within a few seconds.
     */
    public synchronized void join(InetSocketAddress seed) {
        JChannel ch = started();
        TCPPING ping = ch.getProtocolStack().findProtocol(TCPPING.class);
        List<PhysicalAddress> hosts = new ArrayList<>(ping.getInitialHosts());
        try {
            hosts.add(new IpAddress(seed.getHostString(), seed.getPort()));
            joinedSeeds.add(new InetSocketAddress(seed.getHostString(), seed.getPort()));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot resolve " + seed + ": " + e.getMessage(), e);
        }
        ping.setInitialHosts2(hosts);
        if (!ch.isConnected()) {
            connect();
        }
    }

    /** Whether this node is connected and has a view (alone or with others). */
    public boolean joined() {
        JChannel ch = channel;
        return ch != null && ch.isConnected() && view != null;
    }

    /** The members of the current view, in view order (the first is the coordinator); empty if not joined. */
    public List<String> members() {
        View v = view;
        return v == null ? List.of() : v.getMembers().stream().map(Address::toString).toList();
    }

    /** Whether {@code node} is in the current view. */
    public boolean isMember(String node) {
        return memberNames.contains(node);
    }

    /**
     * Whether {@link #sendTo} would find {@code node} now: a member of the view, or a node that is not
     * in the view but has just sent to this one.
     */
    public boolean canSendTo(String node) {
        return isMember(node) || strangers.containsKey(node);
    }

    /** This node's name. */
    public String nodename() {
        return config.nodename();
    }

    public String clusterName() {
        return config.name();
    }

    /** The JGroups view id, e.g. {@code [a|3]}, if joined. */
    public Optional<String> viewId() {
        View v = view;
        return v == null ? Optional.empty() : Optional.of(v.getViewId().toString());
    }

    /** When this node last joined (epoch millis), 0 if not joined. */
    public long joinedAtMillis() {
        return joinedAtMillis;
    }

    /** The local peer address ({@code host:port} of the TCP transport), if started. */
    public Optional<String> peerAddress() {
        JChannel ch = channel;
        if (ch == null || !ch.isConnected()) {
            return Optional.empty();
        }
        Object physical = ch.down(new org.jgroups.Event(org.jgroups.Event.GET_PHYSICAL_ADDRESS, ch.getAddress()));
        return Optional.ofNullable(physical).map(Object::toString);
    }

    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** Adds a receiver of the messages of {@code service} other members send to this node. */
    public void addHandler(PeerService service, PeerMessageHandler handler) {
        handlers.get(service).add(handler);
    }

    /**
     * Sends {@code payload} of {@code service} to every other member (asynchronously: returns once
     * queued). Returns false (and logs) when not joined or the send failed.
     */
    public boolean sendToAll(PeerService service, byte[] payload) {
        return send(null, service, payload);
    }

    /**
     * Sends {@code payload} of {@code service} to one member by name, or to a node that is not in the
     * view but has just sent to this one (so it can be answered); false if it is neither or the send
     * failed. Messages to one member arrive in the order sent.
     */
    public boolean sendTo(String member, PeerService service, byte[] payload) {
        View v = view;
        if (v != null) {
            for (Address a : v.getMembers()) {
                if (a.toString().equals(member)) {
                    return send(a, service, payload);
                }
            }
        }
        Address stranger = strangers.get(member);
        return stranger != null && send(stranger, service, payload);
    }

    @Override
    public synchronized void close() {
        if (dnsRefresh != null) {
            dnsRefresh.shutdownNow();
        }
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
            view = null;
            memberNames = java.util.Set.of();
        }
    }

    /** The channel, for tests that insert protocols (e.g. DISCARD to simulate a partition). */
    JChannel channel() {
        return started();
    }

    private boolean send(Address to, PeerService service, byte[] payload) {
        JChannel ch = channel;
        if (ch == null || !ch.isConnected()) {
            return false;
        }
        try {
            byte[] framed = new byte[payload.length + 1];
            framed[0] = service.tag();
            System.arraycopy(payload, 0, framed, 1, payload.length);
            Message message = new org.jgroups.BytesMessage(to, framed);
            if (to == null) {
                message.setFlag(Message.TransientFlag.DONT_LOOPBACK);
            }
            ch.send(message);
            return true;
        } catch (Exception e) {
            LOG.warn("Could not send {} bytes to {}: {}", payload.length, to == null ? "the cluster" : to, e.toString());
            return false;
        }
    }

    private void connect() {
        try {
            channel.connect(config.name());
            joinedAtMillis = System.currentTimeMillis();
            LOG.info("Node {} joined cluster {}: {}", config.nodename(), config.name(), members());
        } catch (Exception e) {
            throw new IllegalStateException("cannot join cluster " + config.name() + ": " + e.getMessage(), e);
        }
    }

    private JChannel started() {
        JChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("the cluster membership is not started");
        }
        return ch;
    }

    private void fireJoined(String member) {
        for (MembershipListener l : listeners) {
            try {
                l.memberJoined(member);
            } catch (RuntimeException e) {
                LOG.warn("Membership listener {} failed on join of {}", l, member, e);
            }
        }
    }

    private void fireLeft(String member) {
        for (MembershipListener l : listeners) {
            try {
                l.memberLeft(member);
            } catch (RuntimeException e) {
                LOG.warn("Membership listener {} failed on departure of {}", l, member, e);
            }
        }
    }

    private void fireViewChanged(ViewChange change) {
        for (MembershipListener l : listeners) {
            try {
                l.viewChanged(change);
            } catch (RuntimeException e) {
                LOG.warn("Membership listener {} failed on view {}", l, change.viewId(), e);
            }
        }
    }

    /** Turns JGroups callbacks into listener and handler calls. */
    private final class ViewReceiver implements Receiver {

        @Override
        public void viewAccepted(View next) {
            View previous = view;
            view = next;
            memberNames = next.getMembers().stream().map(Address::toString).collect(java.util.stream.Collectors.toUnmodifiableSet());
            LOG.info("Cluster {} view on {}: {}", config.name(), config.nodename(), next);
            List<Address> joined = previous == null ? next.getMembers() : View.newMembers(previous, next);
            List<Address> left = previous == null ? List.of() : View.leftMembers(previous, next);
            List<String> joinedNames = joined.stream().map(Address::toString).filter(m -> !m.equals(config.nodename())).toList();
            List<String> leftNames = left.stream().map(Address::toString).toList();
            joinedNames.forEach(ClusterMembership.this::fireJoined);
            leftNames.forEach(ClusterMembership.this::fireLeft);
            fireViewChanged(new ViewChange(next.getViewId().toString(), members(), joinedNames, leftNames,
                    next instanceof org.jgroups.MergeView));
        }

        @Override
        public void receive(Message message) {
            if (message.getLength() < 1) {
                return;
            }
            PeerService service = PeerService.of(message.getArray()[message.getOffset()]);
            String sender = String.valueOf(message.getSrc());
            if (!memberNames.contains(sender) && message.getSrc() != null) {
                strangers.put(sender, message.getSrc());
            }
            if (service == null) {
                LOG.warn("Ignoring a message of an unknown service from {}", sender);
                return;
            }
            byte[] payload = java.util.Arrays.copyOfRange(message.getArray(), message.getOffset() + 1,
                    message.getOffset() + message.getLength());
            for (PeerMessageHandler h : handlers.get(service)) {
                try {
                    h.receive(sender, payload);
                } catch (RuntimeException e) {
                    LOG.warn("Peer message handler {} failed on a message from {}", h, sender, e);
                }
            }
        }
    }
}
