//! The client runtime: HTTP, credentials, retries, errors and decoding. Written by hand,
//! copied unchanged into every generated crate; the generated modules only describe requests.

mod call;
mod client;
mod encoding;
mod error;
mod pagination;

pub use call::{ApiResponse, Call};
pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};
pub use pagination::{Page, Pager, Paging};

pub(crate) use call::ResponseKind;
pub(crate) use client::EnvelopeFields;
pub(crate) use encoding::{encode_path, push_param};
