//! The limits that concern connections rather than requests, through [`herald_server::serve`]
//! on a loopback socket: slow headers, idle keep-alive connections, the connection cap, and
//! the refusal to listen off loopback without a token. Every wait is bounded.

use herald_server::{serve, AppState, Limits};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HEALTH: &[u8] = b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// Starts a server with these limits on a free loopback port; it stops when the task is
/// aborted at the end of the test.
async fn start(limits: Limits) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let addrs = ["127.0.0.1:0".parse().unwrap()];
    let task = tokio::spawn(async move {
        serve(&addrs, AppState::with_limits(limits), |bound| {
            let _ = tx.send(bound);
        })
        .await
        .unwrap();
    });
    let addr = tokio::time::timeout(Duration::from_secs(10), rx)
        .await
        .unwrap()
        .unwrap();
    (addr, task)
}

/// Reads until the server closes the connection (`Ok` with what came) or `wait` passes
/// (`Err`).
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Result<Vec<u8>, ()> {
    let mut all = Vec::new();
    tokio::time::timeout(wait, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .map_err(|_| ())?;
    Ok(all)
}

/// Reads one small response (the health answer) without waiting for the connection to close.
async fn read_response(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut all = Vec::new();
    tokio::time::timeout(wait, async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&all).contains("\"status\":\"ok\"") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()?;
    Some(String::from_utf8_lossy(&all).into_owned())
}

fn limits() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    }
}

#[tokio::test]
async fn headers_sent_too_slowly_are_cut_off() {
    let (addr, server) = start(limits()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    // A slowloris client: the start of a request, then a byte now and then, never the end.
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\n")
        .await
        .unwrap();
    let trickle = async {
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if stream.write_all(b"X").await.is_err() {
                break;
            }
        }
    };
    trickle.await;
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_ok(), "the connection was still open");
    assert!(started.elapsed() >= Duration::from_millis(300));
    server.abort();
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let (addr, server) = start(limits()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_ok(), "the connection was still open");
    assert!(started.elapsed() >= Duration::from_millis(200));
    server.abort();
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed() {
    let (addr, server) = start(limits()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(HEALTH).await.unwrap();
    let answer = read_response(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    // Kept alive after the answer, then closed once idle for the header timeout.
    let started = Instant::now();
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(closed, Ok(Vec::new()), "closed without another byte");
    assert!(started.elapsed() >= Duration::from_millis(200));
    server.abort();
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_one() {
    let (addr, server) = start(Limits {
        max_connections: 2,
        header_timeout: Duration::from_secs(30),
        ..Limits::default()
    })
    .await;
    let first = TcpStream::connect(addr).await.unwrap();
    let mut second = TcpStream::connect(addr).await.unwrap();
    second.write_all(HEALTH).await.unwrap();
    assert!(read_response(&mut second, Duration::from_secs(5))
        .await
        .is_some());
    // A third is not served while two are open...
    let mut third = TcpStream::connect(addr).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    assert_eq!(
        read_response(&mut third, Duration::from_millis(500)).await,
        None,
        "served over the cap"
    );
    // ... and is as soon as one closes.
    drop(first);
    let answer = read_response(&mut third, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    server.abort();
}

#[tokio::test]
async fn no_listening_off_loopback_without_a_token() {
    let open: SocketAddr = "0.0.0.0:0".parse().unwrap();
    let error = serve(&[open], AppState::default(), |_| {
        panic!("it must refuse before binding")
    })
    .await
    .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(error.to_string().contains("without a token"), "{error}");
}
