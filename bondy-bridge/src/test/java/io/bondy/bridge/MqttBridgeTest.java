package io.bondy.bridge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The bridge against the local Mosquitto (127.0.0.1:1883, persistence on): QoS 1, persistent sessions
 * (clean_session off) so messages wait in the broker while a client is away.
 */
class MqttBridgeTest extends BrokerBridgeContract {

    @Override
    String kind() {
        return "mqtt";
    }

    @Override
    int port() {
        return Brokers.MQTT;
    }

    @Override
    Map<String, String> clientConfig(String u) {
        return Map.of("endpoints", "127.0.0.1:1883", "client_id", "bondy-bridge-test-" + u, "reconnect_interval", "500ms",
                "qos", "1");
    }

    @Override
    int maxInFlight() {
        return 10;
    }

    @Override
    int outageEvents() {
        return 600;
    }

    @Override
    int pace() {
        return 500;
    }

    @Override
    String outTopic(String u) {
        return "bondy-test/" + u + "/out";
    }

    @Override
    String inSource(String u) {
        return "bondy-test/" + u + "/in/#";
    }

    private static MqttAsyncClient connect(String clientId, MqttCallbackExtended callback) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:1883", clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1_000);
        options.setMaxInflight(1_000);
        if (callback != null) {
            client.setCallback(callback);
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    @Override
    DirectConsumer consumeDirect(String u) throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        String topic = outTopic(u);
        MqttAsyncClient[] holder = new MqttAsyncClient[1];
        MqttCallbackExtended callback = new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    try {
                        holder[0].subscribe(topic, 1);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                received.add(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
        MqttAsyncClient client = connect("bondy-test-consumer-" + u, callback);
        holder[0] = client;
        client.subscribe(topic, 1).waitForCompletion(10_000);
        return new DirectConsumer() {
            @Override
            public List<byte[]> received() {
                return received;
            }

            @Override
            public void close() throws Exception {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            }
        };
    }

    @Override
    DirectProducer produceDirect(String u) throws Exception {
        MqttAsyncClient client = connect("bondy-test-producer-" + u, null);
        String topic = "bondy-test/" + u + "/in/a";
        return new DirectProducer() {
            private final List<IMqttToken> pending = new java.util.ArrayList<>();

            @Override
            public void send(byte[] value) throws Exception {
                pending.add(client.publish(topic, value, 1, false));
                if (pending.size() >= 500) {
                    drain();
                }
            }

            @Override
            public void flush() throws Exception {
                drain();
            }

            private void drain() throws Exception {
                for (IMqttToken t : pending) {
                    t.waitForCompletion(30_000);
                }
                pending.clear();
            }

            @Override
            public void close() throws Exception {
                drain();
                client.disconnect().waitForCompletion(5_000);
                client.close();
            }
        };
    }
}
