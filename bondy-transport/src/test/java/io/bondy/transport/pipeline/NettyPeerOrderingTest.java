package io.bondy.transport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Event;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Payload;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writes leave in the order they were handed over, whichever thread handed them, on a real event loop. */
@Timeout(20)
class NettyPeerOrderingTest {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void eventHandedOverByAnotherThreadLeavesBeforeAGoodbyeWrittenLaterOnTheLoop() throws Exception {
        BlockingQueue<WampMessage> received = new LinkedBlockingQueue<>();
        LocalAddress address = new LocalAddress("bondy-ordering-" + System.nanoTime());
        CompletableFuture<Channel> serverSide = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        serverSide.complete(ch);
                    }
                }).bind(address).sync().channel();
        Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        // Length-prefixed, so messages that arrive coalesced are still read one by one.
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                        received.add(JSON.decode(ByteBufUtil.getBytes(msg)));
                                    }
                                });
                    }
                }).connect(address).sync().channel();
        try {
            Channel channel = serverSide.get(5, TimeUnit.SECONDS);
            NettyPeer peer = peer(channel);
            Event event = new Event(1, 2, Map.of(), Payload.of(List.of("routed from another session")));
            CountDownLatch eventHandedOver = new CountDownLatch(1);

            // On the connection's own loop (as a session answering GOODBYE would be), while another
            // thread hands over an EVENT routed to this session, then the GOODBYE is sent.
            channel.eventLoop().execute(() -> {
                Thread other = new Thread(() -> {
                    peer.send(event);
                    eventHandedOver.countDown();
                });
                other.start();
                try {
                    eventHandedOver.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                peer.send(new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));
            });

            assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(Event.class);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(Goodbye.class);
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }

    @Test
    void onePublicationIsEncodedOncePerSerializerForAllItsSubscribers() {
        AtomicInteger encodings = new AtomicInteger();
        Serializer counting = new Serializer() {
            @Override
            public SerializerKind kind() {
                return SerializerKind.JSON;
            }

            @Override
            public WampMessage decode(byte[] bytes) {
                return JSON.decode(bytes);
            }

            @Override
            public byte[] encode(WampMessage message) {
                encodings.incrementAndGet();
                return JSON.encode(message);
            }
        };
        Event event = new Event(1, 2, Map.of(), Payload.of(List.of("fan-out")));

        for (int subscriber = 0; subscriber < 100; subscriber++) {
            EncodeCache.encode(counting, event);
        }
        EncodeCache.encode(counting, new Event(1, 3, Map.of(), Payload.NONE));

        assertThat(encodings).hasValue(2);
    }

    private static NettyPeer peer(Channel channel) {
        OutboundFraming framing = new OutboundFraming() {
            @Override
            public int maxMessageLength() {
                return Integer.MAX_VALUE;
            }

            @Override
            public Object frame(byte[] message) {
                return Unpooled.wrappedBuffer(Unpooled.copyInt(message.length), Unpooled.wrappedBuffer(message));
            }

            @Override
            public void close(Channel ch) {
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        };
        return new NettyPeer(channel, new TransportInfo("test", SerializerKind.JSON, null), JSON, framing,
                1 << 20, RouterMetrics.NOOP);
    }
}
