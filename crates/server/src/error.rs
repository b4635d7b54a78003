//! One error type for every endpoint: `{"error": {"status", "message", "where"}}`.
//!
//! Bad input is a 4xx naming what is wrong and where (a JSON path, a query
//! parameter, a header); faults of the server are a 500 with the message.
//! Nothing a client sends can make a handler panic.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An API error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 400: malformed input (not JSON, wrong type, bad query parameter).
    #[error("{message}")]
    BadRequest {
        /// What is wrong.
        message: String,
        /// Where: a JSON path (`queries.q1.properties`) or a parameter.
        at: Option<String>,
    },
    /// 401: no API key, or an unknown one.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the key's role may not call this endpoint.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such dataset, entity, cap or route.
    #[error("{0}")]
    NotFound(String),
    /// 405: the route exists, not with this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 413: body or batch too large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 422: well-formed but unusable (unknown schema, bad date, limit out of range).
    #[error("{message}")]
    Unprocessable {
        /// What is wrong.
        message: String,
        /// Where.
        at: Option<String>,
    },
    /// 409: the request conflicts with the current state (a decision on
    /// an alert someone else changed); `current` is the state now.
    #[error("{message}")]
    Conflict {
        /// What conflicts.
        message: String,
        /// The object as it is now.
        current: Option<serde_json::Value>,
    },
    /// 503: the index is not loaded yet, or the request timed out.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a fault of the server (database unreadable, a reload that failed).
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// 400 with a location.
    pub fn bad_request(message: impl Into<String>, at: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            message: message.into(),
            at: Some(at.into()),
        }
    }

    /// 422 with a location.
    pub fn unprocessable(message: impl Into<String>, at: impl Into<String>) -> ApiError {
        ApiError::Unprocessable {
            message: message.into(),
            at: Some(at.into()),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn at(&self) -> Option<&str> {
        match self {
            ApiError::BadRequest { at, .. } | ApiError::Unprocessable { at, .. } => at.as_deref(),
            _ => None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        let mut b = serde_json::json!({"error": {
            "status": self.status().as_u16(),
            "message": self.to_string(),
            "where": self.at(),
        }});
        if let ApiError::Conflict {
            current: Some(c), ..
        } = self
        {
            b["error"]["current"] = c.clone();
        }
        b
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(m) = &self {
            tracing::error!(message = %m, "internal error");
        }
        let mut resp = (self.status(), Json(self.body())).into_response();
        if matches!(self, ApiError::Unauthorized(_)) {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"embargo\""),
            );
        }
        resp
    }
}

impl From<embargo::Error> for ApiError {
    fn from(e: embargo::Error) -> Self {
        match e.kind() {
            embargo::ErrorKind::NotFound => ApiError::NotFound(e.to_string()),
            embargo::ErrorKind::Invalid { at } => ApiError::Unprocessable {
                message: e.to_string(),
                at,
            },
            embargo::ErrorKind::Conflict => ApiError::Conflict {
                current: match &e {
                    embargo::Error::Store(embargo::monitor::StoreError::Conflict {
                        current,
                        ..
                    }) => serde_json::to_value(embargo::monitor::AlertRow::from(current.as_ref()))
                        .ok(),
                    _ => None,
                },
                message: e.to_string(),
            },
            embargo::ErrorKind::Forbidden => ApiError::Forbidden(e.to_string()),
            embargo::ErrorKind::Busy => ApiError::Unavailable(e.to_string()),
            _ => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("worker task failed: {e}"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_status_and_json_shape() {
        let cases: Vec<(ApiError, u16, Option<&str>)> = vec![
            (ApiError::bad_request("not JSON", "body"), 400, Some("body")),
            (ApiError::Unauthorized("no key".into()), 401, None),
            (ApiError::Forbidden("role".into()), 403, None),
            (ApiError::NotFound("no entity".into()), 404, None),
            (ApiError::MethodNotAllowed("GET".into()), 405, None),
            (ApiError::PayloadTooLarge("too big".into()), 413, None),
            (
                ApiError::unprocessable("bad date", "properties.birthDate"),
                422,
                Some("properties.birthDate"),
            ),
            (ApiError::Unavailable("loading".into()), 503, None),
            (ApiError::Internal("db".into()), 500, None),
        ];
        for (err, status, at) in cases {
            let body = err.body();
            assert_eq!(err.status().as_u16(), status, "{err:?}");
            assert_eq!(body["error"]["status"], status);
            assert_eq!(body["error"]["message"], err.to_string());
            assert_eq!(body["error"]["where"].as_str(), at);
            let resp = err.clone().into_response();
            assert_eq!(resp.status().as_u16(), status);
            assert_eq!(
                resp.headers().contains_key(header::WWW_AUTHENTICATE),
                status == 401
            );
        }
    }
}
