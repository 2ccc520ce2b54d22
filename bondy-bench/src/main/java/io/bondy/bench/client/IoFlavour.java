package io.bondy.bench.client;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Supplier;

/**
 * epoll when its native library loads (as Bondy does by default), NIO otherwise; the load generator
 * and the echo server use the same choice as the router so the baseline is like for like.
 */
public record IoFlavour(String name, Supplier<IoHandlerFactory> handlers, Class<? extends Channel> channel,
                        Class<? extends ServerChannel> serverChannel) {

    public static IoFlavour choose() {
        if (!Boolean.getBoolean("bench.nio") && Epoll.isAvailable()) {
            return new IoFlavour("epoll", EpollIoHandler::newFactory, EpollSocketChannel.class,
                    EpollServerSocketChannel.class);
        }
        return new IoFlavour("nio", NioIoHandler::newFactory, NioSocketChannel.class, NioServerSocketChannel.class);
    }
}
