//! tradeproof's embedded verifier as a WebAssembly module with a four-function C ABI, loaded by the
//! standard WebAssembly API (`tradeproof-verifier.mjs` next to this crate wraps it for Node and
//! browsers):
//!
//! - `tp_alloc(len) -> ptr` and `tp_free(ptr, len)`: buffers in the module's memory;
//! - `tp_verify(ptr, len) -> ptr`: verifies the request at `ptr` and returns a response buffer (free it
//!   with `tp_free(ptr, 4 + its length field)`);
//! - `tp_version() -> u32`: the request format version (1).
//!
//! Request (integers little-endian): `u32 entropy_len, entropy, u8 has_context, [32-byte context as
//! a canonical field element], u32 key_count, (u32 len, verifying key)*, u32 item_count,
//! (u32 statement_len, statement, u32 proof_len, proof)*`. Keys are those of fixed kinds (their
//! circuit ids pinned); items use tradeproof's binary forms.
//!
//! Response: `u32 len`, then `len` bytes: `u8 0, u32 total, u32 valid, u32 k, k × (u32 index,
//! u8 reason)` (reason codes of `Rejection::code`), or `u8 1` and a UTF-8 message when the request
//! itself is malformed or a key is refused. Nothing in here panics on any input: malformed bytes give
//! an error value, never a trap.
use tradeproof_verifier::{Verifier, VerifyingKey};

/// The request format version.
pub const VERSION: u32 = 1;

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let end = self.at.checked_add(n).ok_or("request ends early")?;
        let s = self.b.get(self.at..end).ok_or("request ends early")?;
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<usize, &'static str> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
    }

    fn chunk(&mut self) -> Result<&'a [u8], &'static str> {
        let n = self.u32()?;
        self.take(n)
    }
}

/// Verifies an encoded request (see the crate docs) and returns the response body.
pub fn handle(request: &[u8]) -> Vec<u8> {
    match run(request) {
        Ok(body) => body,
        Err(message) => {
            let mut out = vec![1u8];
            out.extend_from_slice(message.as_bytes());
            out
        }
    }
}

fn run(request: &[u8]) -> Result<Vec<u8>, String> {
    let mut c = Cursor { b: request, at: 0 };
    let entropy = c.chunk()?;
    let context = match c.take(1)?[0] {
        0 => None,
        1 => Some(
            tradeproof_verifier::decode::field_element(c.take(32)?)
                .map_err(|_| "the context is not a canonical field element")?,
        ),
        _ => return Err("has_context must be 0 or 1".into()),
    };
    let key_count = c.u32()?;
    // Every key takes at least its length field: a count the request cannot hold is refused before
    // anything is allocated.
    if key_count > request.len() / 4 {
        return Err("more keys than the request can hold".into());
    }
    let mut keys = Vec::with_capacity(key_count);
    for i in 0..key_count {
        let k = VerifyingKey::from_bytes(c.chunk()?).map_err(|e| format!("key {i}: {e}"))?;
        keys.push(k);
    }
    let verifier = Verifier::new(keys).map_err(|e| e.to_string())?;
    let item_count = c.u32()?;
    if item_count > request.len() / 8 {
        return Err("more items than the request can hold".into());
    }
    let mut items = Vec::with_capacity(item_count);
    for _ in 0..item_count {
        items.push((c.chunk()?, c.chunk()?));
    }
    if c.at != request.len() {
        return Err("bytes after the last item".into());
    }
    let report = verifier.verify_batch_bytes(&items, context.as_ref(), entropy);
    let mut out = vec![0u8];
    for n in [report.total, report.valid, report.invalid.len()] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for (i, r) in &report.invalid {
        out.extend_from_slice(&(*i as u32).to_le_bytes());
        out.push(r.code());
    }
    Ok(out)
}

/// A buffer of `len` bytes in the module's memory (null for `len == 0`).
#[no_mangle]
pub extern "C" fn tp_alloc(len: usize) -> *mut u8 {
    if len == 0 {
        return core::ptr::null_mut();
    }
    let mut b = vec![0u8; len].into_boxed_slice();
    let p = b.as_mut_ptr();
    core::mem::forget(b);
    p
}

/// Frees a buffer from [`tp_alloc`] or [`tp_verify`].
///
/// # Safety
/// `ptr` and `len` must be those of a buffer this module handed out, freed once.
#[no_mangle]
pub unsafe extern "C" fn tp_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() && len != 0 {
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(ptr, len)));
    }
}

/// Verifies the request of `len` bytes at `ptr` and returns a response buffer: `u32` length, then the
/// body (see the crate docs).
///
/// # Safety
/// `ptr` must point to `len` readable bytes (a buffer from [`tp_alloc`]).
#[no_mangle]
pub unsafe extern "C" fn tp_verify(ptr: *const u8, len: usize) -> *mut u8 {
    let request = if len == 0 {
        &[][..]
    } else {
        core::slice::from_raw_parts(ptr, len)
    };
    let body = handle(request);
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    let mut out = out.into_boxed_slice();
    let p = out.as_mut_ptr();
    core::mem::forget(out);
    p
}

/// The request format version.
#[no_mangle]
pub extern "C" fn tp_version() -> u32 {
    VERSION
}
