package io.bondy.bridge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The bridge against the local RabbitMQ (127.0.0.1:5672, guest/guest): durable queues, persistent messages. */
class AmqpBridgeTest extends BrokerBridgeContract {

    @Override
    String kind() {
        return "amqp";
    }

    @Override
    int port() {
        return Brokers.AMQP;
    }

    @Override
    Map<String, String> clientConfig(String u) {
        return Map.of("endpoints", "127.0.0.1:5672", "reconnect_interval", "500ms");
    }

    @Override
    String outTopic(String u) {
        return "bondy-test-out-" + u;
    }

    @Override
    String inSource(String u) {
        return "bondy-test-in-" + u;
    }

    private static final java.util.Set<String> QUEUES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Removes the inbound test queues. */
    @org.junit.jupiter.api.AfterAll
    static void deleteTestQueues() throws Exception {
        try (Connection c = factory().newConnection("test-cleanup")) {
            for (String q : QUEUES) {
                Channel ch = c.createChannel();
                ch.queueDelete(q);
                ch.close();
            }
        }
    }

    private static ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setAutomaticRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(500);
        return f;
    }

    @Override
    DirectConsumer consumeDirect(String u) throws Exception {
        Connection c = factory().newConnection("test-consumer");
        Channel ch = c.createChannel();
        String queue = outTopic(u);
        ch.queueDeclare(queue, true, false, false, null);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        ch.basicConsume(queue, true, (tag, d) -> received.add(d.getBody()), tag -> { });
        return new DirectConsumer() {
            @Override
            public List<byte[]> received() {
                return received;
            }

            @Override
            public void close() throws Exception {
                try {
                    Channel admin = c.createChannel();
                    admin.queueDelete(queue);
                } finally {
                    c.close();
                }
            }
        };
    }

    @Override
    DirectProducer produceDirect(String u) throws Exception {
        Connection c = factory().newConnection("test-producer");
        Channel ch = c.createChannel();
        String queue = inSource(u);
        QUEUES.add(queue);
        ch.queueDeclare(queue, true, false, false, null);
        ch.confirmSelect();
        return new DirectProducer() {
            private int unconfirmed;

            @Override
            public void send(byte[] value) throws Exception {
                ch.basicPublish("", queue, new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        value);
                if (++unconfirmed >= 200) { // every 200th waits for the confirms (close() for the rest)
                    ch.waitForConfirmsOrDie(30_000);
                    unconfirmed = 0;
                }
            }

            @Override
            public void close() throws Exception {
                ch.waitForConfirmsOrDie(30_000); // everything sent is acknowledged before the caller goes on
                c.close();
            }
        };
    }
}
