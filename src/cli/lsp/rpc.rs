//! JSON-RPC over the LSP base protocol: the reader thread that turns the
//! client's frames into [`Incoming`] messages, and the writer.
//!
//! The client is untrusted. Frames are read with the library's bounded
//! reader ([`clauselint::lsp_frame`]); a body is parsed as a JSON value and
//! classified by hand, so that an id of any JSON type, a method that is not
//! a string or params of the wrong shape become an error reply instead of
//! the end of the session.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::SyncSender;

use clauselint::lsp_frame::{self, Frame, FrameError, Rejection};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// JSON-RPC 2.0 and LSP error codes.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;
pub const METHOD_NOT_FOUND: i32 = -32601;
pub const INVALID_PARAMS: i32 = -32602;
pub const INTERNAL_ERROR: i32 = -32603;
pub const SERVER_NOT_INITIALIZED: i32 = -32002;

/// One message from the client, or what went wrong reading it.
#[derive(Debug)]
pub enum Incoming {
    Request {
        /// A number or a string, echoed exactly in the response.
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of the server's: nothing waits for one.
    Response,
    /// A message that cannot be handled: answered with this error (the id
    /// is null when the message's own cannot be read).
    Invalid {
        id: Value,
        code: i32,
        message: String,
        /// Also shown to the user (the message may have been a document).
        show: bool,
    },
    /// The stream cannot be framed any more: answered once, then the end.
    Fatal(String),
}

fn invalid(id: Value, code: i32, message: impl Into<String>) -> Incoming {
    Incoming::Invalid {
        id,
        code,
        message: message.into(),
        show: false,
    }
}

/// Reads frames until the input ends or cannot be framed, sending each
/// message on `to`. Returns when the input ends, the session stops
/// listening, or after sending [`Incoming::Fatal`].
pub fn read_loop(mut input: impl BufRead, max_body: u64, to: SyncSender<Incoming>) {
    loop {
        let incoming = match lsp_frame::read_frame(&mut input, max_body) {
            Ok(None) => return,
            Ok(Some(Frame::Body(body))) => classify(&body),
            Ok(Some(Frame::Rejected { length, reason })) => {
                let code = match reason {
                    Rejection::TooLarge { .. } => INVALID_REQUEST,
                    Rejection::BadHeader(_) => PARSE_ERROR,
                };
                let message = format!("a message of {length} bytes was skipped: {reason}");
                let answer = Incoming::Invalid {
                    id: Value::Null,
                    code,
                    message,
                    show: true,
                };
                // Answered before its body is skipped: the body may never
                // come, or take long.
                if to.send(answer).is_err() {
                    return;
                }
                match lsp_frame::skip(&mut input, length) {
                    Ok(skipped) if skipped == length => continue,
                    Ok(_) => {
                        let _ = to.send(Incoming::Fatal(FrameError::Truncated.to_string()));
                        return;
                    }
                    Err(e) => Incoming::Fatal(FrameError::Io(e).to_string()),
                }
            }
            Err(e) => Incoming::Fatal(e.to_string()),
        };
        let fatal = matches!(incoming, Incoming::Fatal(_));
        if to.send(incoming).is_err() || fatal {
            return;
        }
    }
}

/// What a frame's body is, as JSON-RPC 2.0 defines it.
pub fn classify(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return invalid(Value::Null, PARSE_ERROR, format!("invalid JSON: {e}")),
    };
    let Value::Object(mut object) = value else {
        return invalid(
            Value::Null,
            INVALID_REQUEST,
            "a message must be a JSON object (batches are not supported)",
        );
    };
    let id = object.remove("id");
    let method = object.remove("method");
    let params = object.remove("params").unwrap_or(Value::Null);
    match (id, method) {
        (Some(id), _) if !valid_id(&id) => invalid(
            Value::Null,
            INVALID_REQUEST,
            format!(
                "a request id must be a number or a string, not {}",
                kind_of(&id)
            ),
        ),
        (Some(id), Some(Value::String(method))) => Incoming::Request { id, method, params },
        (None, Some(Value::String(method))) => Incoming::Notification { method, params },
        (id, Some(other)) => invalid(
            id.unwrap_or(Value::Null),
            INVALID_REQUEST,
            format!("`method` must be a string, not {}", kind_of(&other)),
        ),
        // The server's requests (`client/registerCapability`) need no answer.
        (Some(_), None) => Incoming::Response,
        (None, None) => invalid(
            Value::Null,
            INVALID_REQUEST,
            "a message needs a `method` (a request or notification) or an `id` (a response)",
        ),
    }
}

/// JSON-RPC 2.0 allows a string or a number (and null, which LSP does not).
fn valid_id(id: &Value) -> bool {
    matches!(id, Value::String(_) | Value::Number(_))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The server's side of the stream: one frame per message, flushed.
pub struct Output<W: Write> {
    out: W,
    /// Set when a write failed: the client is gone.
    pub closed: bool,
}

impl<W: Write> Output<W> {
    pub fn new(out: W) -> Self {
        Output { out, closed: false }
    }

    fn send(&mut self, message: &Value) {
        if self.closed {
            return;
        }
        let written = serde_json::to_vec(message)
            .map_err(io::Error::other)
            .and_then(|body| lsp_frame::write_frame(&mut self.out, &body))
            .and_then(|()| self.out.flush());
        if written.is_err() {
            self.closed = true;
        }
    }

    pub fn result(&mut self, id: Value, result: impl Serialize) {
        match serde_json::to_value(result) {
            Ok(result) => self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result})),
            Err(e) => self.error(id, INTERNAL_ERROR, &e.to_string()),
        }
    }

    pub fn error(&mut self, id: Value, code: i32, message: &str) {
        let mut error = Map::new();
        error.insert("code".into(), code.into());
        error.insert("message".into(), message.into());
        self.send(&json!({"jsonrpc": "2.0", "id": id, "error": error}));
    }

    pub fn notify(&mut self, method: &str, params: impl Serialize) {
        match serde_json::to_value(params) {
            Ok(params) => self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params})),
            Err(e) => log(&format!("cannot send `{method}`: {e}")),
        }
    }

    pub fn request(&mut self, id: &str, method: &str, params: impl Serialize) {
        match serde_json::to_value(params) {
            Ok(params) => {
                self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            }
            Err(e) => log(&format!("cannot send `{method}`: {e}")),
        }
    }
}

/// A line in the server's standard error, which editors keep as its log.
pub fn log(message: &str) {
    let _ = writeln!(io::stderr(), "clauselint lsp: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(body: &str) -> String {
        match classify(body.as_bytes()) {
            Incoming::Request { id, method, .. } => format!("request {id} {method}"),
            Incoming::Notification { method, .. } => format!("notification {method}"),
            Incoming::Response => "response".to_string(),
            Incoming::Invalid { id, code, .. } => format!("invalid {id} {code}"),
            Incoming::Fatal(m) => format!("fatal {m}"),
        }
    }

    #[test]
    fn messages_are_classified_as_json_rpc_says() {
        for (body, expected) in [
            (r#"{"id":1,"method":"m"}"#, "request 1 m"),
            (r#"{"id":"x","method":"m"}"#, "request \"x\" m"),
            (
                r#"{"id":18446744073709551615,"method":"m"}"#,
                "request 18446744073709551615 m",
            ),
            (r#"{"method":"m","params":5}"#, "notification m"),
            (r#"{"id":1,"result":null}"#, "response"),
            (r#"{"id":null,"method":"m"}"#, "invalid null -32600"),
            (r#"{"id":{},"method":"m"}"#, "invalid null -32600"),
            (r#"{"id":2,"method":[]}"#, "invalid 2 -32600"),
            (r#"{"method":1}"#, "invalid null -32600"),
            (r#"{}"#, "invalid null -32600"),
            ("[]", "invalid null -32600"),
            ("{", "invalid null -32700"),
            ("", "invalid null -32700"),
        ] {
            assert_eq!(describe(body), expected, "{body}");
        }
    }

    #[test]
    fn a_request_id_is_echoed_exactly() {
        let mut out = Output::new(Vec::new());
        let Incoming::Request { id, .. } = classify(br#"{"id":-9223372036854775808,"method":"m"}"#)
        else {
            panic!("not a request");
        };
        out.error(id, METHOD_NOT_FOUND, "no");
        let mut written: &[u8] = &out.out;
        let Ok(Some(Frame::Body(body))) = lsp_frame::read_frame(&mut written, 1000) else {
            panic!("not a frame");
        };
        assert!(written.is_empty());
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains(r#""id":-9223372036854775808"#), "{text}");
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["error"]["code"], METHOD_NOT_FOUND);
    }
}
