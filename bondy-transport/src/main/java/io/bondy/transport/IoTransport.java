package io.bondy.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.function.Supplier;

/**
 * The I/O flavour the event loops use: Linux epoll when it is wanted and its native library loads,
 * Java NIO otherwise.
 *
 * @param name          {@code epoll} or {@code nio}, for the logs
 * @param handlers      makes the I/O handler of each event loop
 * @param serverChannel the listening channel class that goes with it
 */
record IoTransport(String name, Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel) {

    static IoTransport choose(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new IoTransport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class);
        }
        return new IoTransport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class);
    }
}
