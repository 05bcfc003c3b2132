//! A small HTTP/1.1 server side, written by hand on `httparse` so that faults can be exact: the
//! sandbox decides byte by byte what goes back, including nothing at all.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Bigger heads are refused; real clients send well under 8 KiB.
const MAX_HEAD: usize = 64 * 1024;
/// Bigger bodies are refused (the service's GET limit is 32 KiB; POST bodies here are tiny).
pub const MAX_BODY: usize = 1024 * 1024;
const MAX_HEADERS: usize = 64;

#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    /// The request target as sent: path and optional query.
    pub target: String,
    pub minor_version: u8,
    /// Names and values as received (values are decoded as UTF-8, lossily).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header of that name, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").map(str::to_ascii_lowercase);
        match (self.minor_version, connection.as_deref()) {
            (_, Some(c)) if c.contains("close") => false,
            (0, Some(c)) => c.contains("keep-alive"),
            (0, None) => false,
            _ => true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("connection error: {0}")]
    Io(#[from] std::io::Error),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("request head too large")]
    HeadTooLarge,
    #[error("request body too large")]
    BodyTooLarge,
    #[error("a Content-Length is required")]
    LengthRequired,
}

/// One client connection: requests are read one after the other (keep-alive).
pub struct Connection {
    pub stream: TcpStream,
    buf: Vec<u8>,
    /// The service's clock minus the real one, for the `Date` header.
    clock_offset_secs: i64,
}

impl Connection {
    pub fn new(stream: TcpStream, clock_offset_secs: i64) -> Connection {
        Connection { stream, buf: Vec::with_capacity(4096), clock_offset_secs }
    }

    fn date(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::seconds(self.clock_offset_secs)
    }

    /// The next request, or None when the client closed the connection between requests.
    pub async fn read_request(&mut self) -> Result<Option<HttpRequest>, ReadError> {
        loop {
            if let Some((head, head_len)) = parse_head(&self.buf)? {
                let body_len = body_length(&head)?;
                if head.header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
                    self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
                }
                return self.read_body(head, head_len, body_len).await.map(Some);
            }
            if self.buf.len() > MAX_HEAD {
                return Err(ReadError::HeadTooLarge);
            }
            if self.fill().await? == 0 {
                return match self.buf.is_empty() {
                    true => Ok(None),
                    false => Err(ReadError::Malformed("connection closed inside the request head".into())),
                };
            }
        }
    }

    async fn read_body(
        &mut self,
        mut request: HttpRequest,
        head_len: usize,
        body_len: usize,
    ) -> Result<HttpRequest, ReadError> {
        while self.buf.len() < head_len + body_len {
            if self.fill().await? == 0 {
                return Err(ReadError::Malformed("connection closed inside the request body".into()));
            }
        }
        let rest = self.buf.split_off(head_len + body_len);
        request.body = self.buf.split_off(head_len);
        self.buf = rest;
        Ok(request)
    }

    async fn fill(&mut self) -> std::io::Result<usize> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    pub async fn send(&mut self, response: &HttpResponse, keep_alive: bool) -> std::io::Result<()> {
        let mut bytes = response.head(keep_alive, response.body.len(), self.date());
        bytes.extend_from_slice(&response.body);
        self.stream.write_all(&bytes).await?;
        self.stream.flush().await
    }

    /// Announce the whole body, send half of it, and close: the client sees a short read.
    pub async fn send_truncated(&mut self, response: &HttpResponse) -> std::io::Result<()> {
        let mut bytes = response.head(false, response.body.len(), self.date());
        bytes.extend_from_slice(&response.body[..response.body.len() / 2]);
        self.stream.write_all(&bytes).await?;
        self.stream.flush().await?;
        self.stream.shutdown().await
    }

    /// Write these bytes as they are, then close: for answers `HttpResponse` cannot describe.
    pub async fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes).await?;
        self.stream.flush().await?;
        self.stream.shutdown().await
    }

    /// A 200 whose JSON body has no Content-Length (it ends when the connection does) and runs
    /// to `size` bytes, written a chunk at a time so that it stops when the client hangs up.
    pub async fn send_huge(&mut self, request_id: &str, size: usize) -> std::io::Result<()> {
        let head = format!(
            "HTTP/1.1 200 OK\r\nServer: tceni-sandbox\r\nDate: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
            http_date(self.date())
        );
        let start = format!("{{\"Response\":{{\"RequestId\":\"{request_id}\",\"Padding\":\"");
        self.stream.write_all(head.as_bytes()).await?;
        self.stream.write_all(start.as_bytes()).await?;
        let chunk = vec![b'a'; 64 * 1024];
        let mut left = size.saturating_sub(start.len() + 3);
        while left > 0 {
            let n = left.min(chunk.len());
            self.stream.write_all(&chunk[..n]).await?;
            left -= n;
        }
        self.stream.write_all(b"\"}}").await?;
        self.stream.shutdown().await
    }

    /// Hold the connection without answering until the client closes it.
    pub async fn hang(&mut self) {
        let mut chunk = [0u8; 1024];
        while matches!(self.stream.read(&mut chunk).await, Ok(n) if n > 0) {}
    }
}

fn parse_head(buf: &[u8]) -> Result<Option<(HttpRequest, usize)>, ReadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let head_len = match parsed.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(ReadError::Malformed(e.to_string())),
    };
    let request = HttpRequest {
        method: parsed.method.unwrap_or_default().to_string(),
        target: parsed.path.unwrap_or("/").to_string(),
        minor_version: parsed.version.unwrap_or(1),
        headers: parsed
            .headers
            .iter()
            .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned()))
            .collect(),
        body: Vec::new(),
    };
    Ok(Some((request, head_len)))
}

fn body_length(head: &HttpRequest) -> Result<usize, ReadError> {
    if head.header("transfer-encoding").is_some() {
        return Err(ReadError::LengthRequired);
    }
    let Some(value) = head.header("content-length") else { return Ok(0) };
    let length: usize =
        value.trim().parse().map_err(|_| ReadError::Malformed(format!("Content-Length '{value}'")))?;
    if length > MAX_BODY { Err(ReadError::BodyTooLarge) } else { Ok(length) }
}

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn json(status: u16, value: &serde_json::Value) -> HttpResponse {
        HttpResponse { status, content_type: "application/json", body: value.to_string().into_bytes() }
    }

    pub fn text(status: u16, text: &str) -> HttpResponse {
        HttpResponse { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec() }
    }

    pub fn html(status: u16, html: &str) -> HttpResponse {
        HttpResponse { status, content_type: "text/html; charset=utf-8", body: html.as_bytes().to_vec() }
    }

    fn head(&self, keep_alive: bool, content_length: usize, date: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
        format!(
            "HTTP/1.1 {} {}\r\nServer: tceni-sandbox\r\nDate: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\n\r\n",
            self.status,
            reason(self.status),
            http_date(date),
            self.content_type,
            content_length,
            if keep_alive { "keep-alive" } else { "close" },
        )
        .into_bytes()
    }
}

/// The IMF-fixdate of RFC 9110, which clients read to measure their clock skew.
pub fn http_date(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_parses_in_pieces() {
        let raw = b"POST /?a=1 HTTP/1.1\r\nHost: x:1\r\nContent-Length: 2\r\n\r\n{}";
        assert!(parse_head(&raw[..20]).unwrap().is_none());
        let (req, len) = parse_head(raw).unwrap().unwrap();
        assert_eq!(len, raw.len() - 2);
        assert_eq!(req.path(), "/");
        assert_eq!(req.query(), "a=1");
        assert_eq!(req.header("HOST"), Some("x:1"));
        assert_eq!(body_length(&req).unwrap(), 2);
        assert!(req.keep_alive());
    }

    #[test]
    fn garbage_is_malformed() {
        assert!(matches!(parse_head(b"\x00\x01 nonsense\r\n\r\n"), Err(ReadError::Malformed(_))));
    }

    #[test]
    fn date_is_imf_fixdate() {
        let t = chrono::DateTime::from_timestamp(1735671234, 0).unwrap();
        assert_eq!(http_date(t), "Tue, 31 Dec 2024 18:53:54 GMT");
    }
}
