package dev.portalloc.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One client thread: a closed loop of requests drawn from its own seeded {@link Random}, over its own
 * deployments, against every pool and, request by request, any instance. It remembers what it holds so
 * that it can release by id and reset, and records every exchange as an {@link Op}.
 */
final class LoadClient implements Runnable {
    /** Bounds one client's record whatever the duration. */
    static final int MAX_OPS = 100_000;
    static final int DEPLOYMENTS_PER_CLIENT = 3;
    private static final int SERVICES = 6;
    /** Above this many allocations held, the client mostly gives ports back, so pools do not silt up. */
    private static final int HELD_SOFT_LIMIT = 24;
    private static final int GONE_REMEMBERED = 16;

    private final int id;
    private final Random random;
    private final Cluster cluster;
    private final List<PoolSpec> pools;
    private final int totalWeight;
    private final long deadlineNanos;
    private final AtomicBoolean stop;
    private final ObjectMapper json;
    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final ArrayDeque<String> gone = new ArrayDeque<>();
    private volatile Throwable failure;

    private record Held(String pool, String deployment) {
    }

    LoadClient(int id, long seed, Cluster cluster, List<PoolSpec> pools, long deadlineNanos, AtomicBoolean stop,
               ObjectMapper json) {
        this.id = id;
        // Each client its own stream, all from the one seed: a run is repeatable request for request.
        this.random = new Random(seed * 1_000_003L + id);
        this.cluster = cluster;
        this.pools = pools;
        this.totalWeight = pools.stream().mapToInt(PoolSpec::weight).sum();
        this.deadlineNanos = deadlineNanos;
        this.stop = stop;
        this.json = json;
    }

    static String deployment(int client, int index) {
        return "c" + client + "-d" + index;
    }

    List<Op> ops() {
        return ops;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            while (!stop.get() && System.nanoTime() - deadlineNanos < 0 && ops.size() < MAX_OPS) {
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void step() throws InterruptedException {
        int roll = random.nextInt(100);
        if (held.size() >= HELD_SOFT_LIMIT && roll < 66) {
            roll = 66 + random.nextInt(24);
        }
        if (roll < 16) {
            allocate(OpKind.ALLOCATE_ONE);
        } else if (roll < 28) {
            allocate(OpKind.ALLOCATE_N);
        } else if (roll < 38) {
            allocate(OpKind.SPECIFIC);
        } else if (roll < 48) {
            allocate(OpKind.CONTIGUOUS);
        } else if (roll < 60) {
            allocate(OpKind.LEASE);
        } else if (roll < 66) {
            renew();
        } else if (roll < 82) {
            release();
        } else if (roll < 90) {
            reset();
        } else {
            read();
        }
    }

    private void allocate(OpKind kind) throws InterruptedException {
        PoolSpec pool = pickPool();
        String deployment = deployment(id, random.nextInt(DEPLOYMENTS_PER_CLIENT));
        String service = "s" + random.nextInt(SERVICES);
        int count = 1;
        boolean contiguous = false;
        List<Integer> ports = null;
        Integer ttl = null;
        switch (kind) {
            case ALLOCATE_ONE -> count = 1;
            case ALLOCATE_N -> count = 2 + random.nextInt(7);
            case CONTIGUOUS -> {
                count = 2 + random.nextInt(7);
                contiguous = true;
            }
            case LEASE -> {
                count = 1 + random.nextInt(3);
                ttl = 1 + random.nextInt(3);
            }
            case SPECIFIC -> {
                ports = specificPorts(pool);
                count = ports.size();
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        StringBuilder body = new StringBuilder("{\"deployment\":\"").append(deployment)
                .append("\",\"service\":\"").append(service).append('"');
        if (ports != null) {
            body.append(",\"ports\":[").append(ports.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append(']');
        } else {
            body.append(",\"count\":").append(count);
        }
        if (contiguous) {
            body.append(",\"contiguous\":true");
        }
        if (ttl != null) {
            body.append(",\"ttlSeconds\":").append(ttl);
        }
        body.append('}');
        Op op = send(kind, Op.Intent.allocation(pool.name(), deployment, service, count, contiguous, ports, ttl),
                "POST", "/v1/pools/" + pool.name() + "/allocations", body.toString());
        if ((op.status() == 201 || op.status() == 200) && op.body() != null) {
            String allocationId = readId(op.body());
            if (allocationId != null) {
                held.put(allocationId, new Held(pool.name(), deployment));
            }
        }
    }

    /** One to three distinct ports of the pool; now and then a reserved one, which must be refused. */
    private List<Integer> specificPorts(PoolSpec pool) {
        TreeSet<Integer> ports = new TreeSet<>();
        int wanted = 1 + random.nextInt(3);
        if (!pool.reserved().isEmpty() && random.nextInt(10) == 0) {
            ports.add(pool.reserved().get(random.nextInt(pool.reserved().size())));
        }
        while (ports.size() < wanted) {
            ports.add(pool.minPort() + random.nextInt(pool.size()));
        }
        return List.copyOf(ports);
    }

    private void renew() throws InterruptedException {
        String deployment = deployment(id, random.nextInt(DEPLOYMENTS_PER_CLIENT));
        int ttl = 1 + random.nextInt(3);
        send(OpKind.RENEW, Op.Intent.deployment(deployment), "POST", "/v1/deployments/" + deployment + "/renew",
                "{\"ttlSeconds\":" + ttl + "}");
    }

    private void release() throws InterruptedException {
        String target;
        if (!gone.isEmpty() && random.nextInt(10) == 0) {
            // Releasing what is gone already must be a plain 404, whoever released it.
            target = gone.peekFirst();
        } else if (!held.isEmpty()) {
            target = nth(random.nextInt(held.size()));
        } else {
            allocate(OpKind.ALLOCATE_ONE);
            return;
        }
        Op op = send(OpKind.RELEASE, Op.Intent.allocationId(target), "DELETE", "/v1/allocations/" + target, null);
        if (op.status() == 204 || op.status() == 404) {
            forget(target);
        }
    }

    private void reset() throws InterruptedException {
        String deployment = deployment(id, random.nextInt(DEPLOYMENTS_PER_CLIENT));
        Op op = send(OpKind.RESET, Op.Intent.deployment(deployment), "DELETE", "/v1/deployments/" + deployment, null);
        if (op.status() == 200) {
            for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Held> entry = it.next();
                if (entry.getValue().deployment().equals(deployment)) {
                    it.remove();
                    remember(entry.getKey());
                }
            }
        }
    }

    private void read() throws InterruptedException {
        int which = random.nextInt(3);
        PoolSpec pool = pickPool();
        if (which == 0 && !held.isEmpty()) {
            String target = nth(random.nextInt(held.size()));
            send(OpKind.READ, Op.Intent.allocationId(target), "GET", "/v1/allocations/" + target, null);
        } else if (which == 1) {
            int port = pool.minPort() + random.nextInt(pool.size());
            send(OpKind.READ, Op.Intent.pool(pool.name()), "GET", "/v1/pools/" + pool.name() + "/ports/" + port, null);
        } else {
            send(OpKind.READ, Op.Intent.pool(pool.name()), "GET", "/v1/pools/" + pool.name(), null);
        }
    }

    private Op send(OpKind kind, Op.Intent intent, String method, String path, String body) throws InterruptedException {
        Cluster.Exchange exchange = cluster.send(random.nextInt(cluster.size()), method, path, body);
        Op op = new Op(id, kind, intent, exchange.instance(), exchange.attempts(), method, path, body,
                exchange.status(), exchange.problemJson(), exchange.body(), exchange.startNanos(),
                exchange.endNanos(), exchange.error());
        ops.add(op);
        return op;
    }

    private PoolSpec pickPool() {
        int roll = random.nextInt(totalWeight);
        for (PoolSpec pool : pools) {
            roll -= pool.weight();
            if (roll < 0) {
                return pool;
            }
        }
        return pools.get(pools.size() - 1);
    }

    private String nth(int index) {
        Iterator<String> ids = held.keySet().iterator();
        for (int i = 0; i < index; i++) {
            ids.next();
        }
        return ids.next();
    }

    private void forget(String allocationId) {
        if (held.remove(allocationId) != null) {
            remember(allocationId);
        }
    }

    private void remember(String allocationId) {
        gone.addLast(allocationId);
        if (gone.size() > GONE_REMEMBERED) {
            gone.removeFirst();
        }
    }

    private String readId(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode idNode = node.get("id");
            return idNode == null || !idNode.isTextual() ? null : idNode.asText();
        } catch (IOException malformed) {
            // The checks report a malformed body; the client just does not hold it.
            return null;
        }
    }
}
