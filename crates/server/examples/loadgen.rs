//! Load generator: N threads, each one keep-alive HTTP/1.1 connection,
//! POSTing a single-query yente `/match` body for T seconds; prints
//! requests/s and latency percentiles. Loopback only.
//!
//! ```sh
//! cargo run --release -p embargo-server --example loadgen -- \
//!     --addr 127.0.0.1:8000 --threads 4 --seconds 10 [--key KEY] [--path /match/default]
//! ```
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Names cycled through so the matcher does not answer one query over and over.
const NAMES: &[(&str, &str)] = &[
    (
        "Organization",
        "Korea Mining Development Trading Corporation",
    ),
    ("Person", "Kim Jong Un"),
    ("Organization", "Tanchon Commercial Bank"),
    ("Person", "Ri Je-son"),
    ("Vessel", "Wise Honest"),
    ("Person", "John Smith"),
    ("Organization", "Green Pine Associated Corporation"),
    ("Person", "Vladimir Putin"),
];

struct Args {
    addr: SocketAddr,
    threads: usize,
    seconds: u64,
    key: Option<String>,
    path: String,
}

fn args() -> Args {
    let mut a = Args {
        addr: "127.0.0.1:8000".parse().unwrap(),
        threads: 4,
        seconds: 10,
        key: None,
        path: "/match/default".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--addr" => a.addr = v.parse().expect("--addr HOST:PORT"),
            "--threads" => a.threads = v.parse().expect("--threads N"),
            "--seconds" => a.seconds = v.parse().expect("--seconds N"),
            "--key" => a.key = Some(v),
            "--path" => a.path = v,
            other => panic!("unknown option {other}"),
        }
    }
    assert!(
        a.addr.ip().is_loopback(),
        "loadgen only targets loopback addresses"
    );
    assert!(a.seconds <= 900, "at most 900 seconds");
    a
}

fn request(a: &Args, i: usize) -> Vec<u8> {
    let (schema, name) = NAMES[i % NAMES.len()];
    let body = format!(
        r#"{{"queries":{{"q":{{"schema":"{schema}","properties":{{"name":["{name}"]}}}}}}}}"#
    );
    let auth = a
        .key
        .as_ref()
        .map(|k| format!("Authorization: Bearer {k}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        a.path,
        a.addr,
        body.len()
    )
    .into_bytes()
}

/// Reads one response; returns its status.
fn read_response(r: &mut BufReader<TcpStream>, body: &mut Vec<u8>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut len = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    body.resize(len, 0);
    r.read_exact(body)?;
    Ok(status)
}

fn main() {
    let a = args();
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let started = Instant::now();
    let results: Vec<(Vec<u32>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..a.threads)
            .map(|t| {
                let a = &a;
                s.spawn(move || {
                    let mut lat_us = Vec::new();
                    let mut errors = 0usize;
                    let stream = TcpStream::connect(a.addr).expect("connect");
                    stream.set_nodelay(true).unwrap();
                    let mut w = stream.try_clone().unwrap();
                    let mut r = BufReader::new(stream);
                    let mut body = Vec::new();
                    let mut i = t;
                    while Instant::now() < deadline {
                        let req = request(a, i);
                        i += 1;
                        let t0 = Instant::now();
                        w.write_all(&req).unwrap();
                        match read_response(&mut r, &mut body) {
                            Ok(200) => lat_us.push(t0.elapsed().as_micros() as u32),
                            Ok(_) => errors += 1,
                            Err(e) => panic!("connection failed: {e}"),
                        }
                    }
                    (lat_us, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let secs = started.elapsed().as_secs_f64();
    let errors: usize = results.iter().map(|r| r.1).sum();
    let mut lat: Vec<u32> = results.into_iter().flat_map(|r| r.0).collect();
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .map(|us| *us as f64 / 1000.0)
            .unwrap_or(0.0)
    };
    println!(
        "{} threads, {:.1} s: {} ok, {} errors, {:.0} requests/s; latency ms p50 {:.3} p90 {:.3} p99 {:.3} max {:.3}",
        a.threads,
        secs,
        lat.len(),
        errors,
        lat.len() as f64 / secs,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        lat.last().map(|u| *u as f64 / 1000.0).unwrap_or(0.0)
    );
    if errors > 0 {
        std::process::exit(1);
    }
}
