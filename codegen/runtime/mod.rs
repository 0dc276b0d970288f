//! The client runtime: HTTP, credentials, retries, errors and decoding. Written by hand,
//! copied unchanged into every generated crate; the generated modules only describe requests.
//!
//! Public but hidden: what the generated code calls is reachable, so that a build with only
//! some resources enabled has no dead code, and it is not part of the documented API.

mod any_path;
mod body;
mod call;
mod client;
mod decode;
mod details;
mod encoding;
mod error;
mod pagination;
pub mod shape;

pub use body::Part;
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use decode::ApiResponse;
pub use details::{ErrorFields, ErrorInfo};
pub use error::{Error, Result};
pub use pagination::{Page, Pager, Paging};
pub use shape::{Drift, Resolution};

pub use body::{Parts, RequestBody, push_file_part, push_value_part};
pub use client::{EnvelopeFields, Secret};
pub use decode::{
    Decode, ResponseKind, choose, decode_response, decode_response_with_drift, first_pass, lost_members, repair_work,
    tagged,
};
pub use encoding::{encode_path, is_default, push_deep, push_joined, push_param, require_param};
pub use shape::{Described, Ty};
