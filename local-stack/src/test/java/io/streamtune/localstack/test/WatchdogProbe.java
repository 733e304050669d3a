package io.streamtune.localstack.test;

/** A parent JVM for {@link WatchdogTest}: starts a server of its own, says which, and waits to be killed. */
public final class WatchdogProbe {

    private WatchdogProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerHandle<S3Endpoint> s3 = RealServers.startFreshS3();
        System.out.println("CHILD " + s3.pid() + " " + s3.endpoint().endpoint() + " " + s3.logFile().getParent());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
