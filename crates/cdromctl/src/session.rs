//! The shared layer every command uses: a handle on a backend, one IOCTL
//! sent with an input built from the core's ABI types, and the answer
//! decoded with them.

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

use cdfilter_core::abi::exclusive::{
    CdromExclusiveAccess, CdromExclusiveLockState, ExclusiveAccessRequestType,
};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;

use crate::backend::{Backend, Handle, Reply};
use crate::error::{internal, Error, Failure};

/// The input of an IOCTL that takes none.
pub const NO_INPUT: &[u8] = &[];

/// One open handle; closed when dropped.
pub struct Session<'a> {
    backend: &'a dyn Backend,
    handle: Handle,
}

impl<'a> Session<'a> {
    /// Opens a handle on `backend`.
    pub fn open(backend: &'a dyn Backend) -> Result<Self, Error> {
        Ok(Self {
            backend,
            handle: backend.open()?,
        })
    }

    /// The backend.
    pub fn backend(&self) -> &'a dyn Backend {
        self.backend
    }

    /// Sends `ioctl` with raw `input` bytes; any status but success is a
    /// [`Failure`], whose meaning names the lock holder on ACCESS_DENIED.
    pub fn send(&self, ioctl: Ioctl, input: &[u8], out_len: usize) -> Result<Reply, Error> {
        let reply = self
            .backend
            .ioctl(self.handle, ioctl.code(), input, out_len);
        if reply.status == NtStatus::SUCCESS {
            return Ok(reply);
        }
        let mut failure = Failure::of_ioctl(ioctl.code(), reply.status, reply.information);
        if reply.status == NtStatus::ACCESS_DENIED && ioctl != Ioctl::CdromExclusiveAccess {
            if let Some(name) = self.lock_holder() {
                failure.meaning =
                    format!("access denied by another handle's lock (held by \"{name}\")");
            }
        }
        Err(failure.into())
    }

    /// Sends `ioctl` with `input` as its input buffer.
    pub fn call<I: IntoBytes + Immutable + ?Sized>(
        &self,
        ioctl: Ioctl,
        input: &I,
        out_len: usize,
    ) -> Result<Reply, Error> {
        self.send(ioctl, input.as_bytes(), out_len)
    }

    /// Sends `ioctl` with `input` and an output buffer of `size_of::<T>()`,
    /// and decodes the answer as a `T`; the driver must return at least
    /// `min` bytes (the rest of `T` reads as zero).
    pub fn query<T, I>(&self, ioctl: Ioctl, input: &I, min: usize) -> Result<T, Error>
    where
        T: FromBytes + KnownLayout + Immutable,
        I: IntoBytes + Immutable + ?Sized,
    {
        let reply = self.call(ioctl, input, size_of::<T>())?;
        decode(ioctl, &reply.out, min)
    }

    /// IRP_MJ_READ of `len` bytes at byte `offset`.
    pub fn read(&self, offset: u64, len: usize) -> Result<Reply, Error> {
        let reply = self.backend.read(self.handle, offset, len);
        if reply.status == NtStatus::SUCCESS {
            return Ok(reply);
        }
        let mut failure = Failure::of_ioctl(0, reply.status, reply.information);
        failure.request = "IRP_MJ_READ".into();
        if reply.status == NtStatus::ACCESS_DENIED {
            if let Some(name) = self.lock_holder() {
                failure.meaning =
                    format!("access denied by another handle's lock (held by \"{name}\")");
            }
        }
        Err(failure.into())
    }

    /// The exclusive lock's state (anyone may ask).
    pub fn lock_state(&self) -> Result<CdromExclusiveLockState, Error> {
        let query = CdromExclusiveAccess {
            request_type: ExclusiveAccessRequestType::QUERY_STATE,
            flags: 0,
        };
        self.query(
            Ioctl::CdromExclusiveAccess,
            &query,
            size_of::<CdromExclusiveLockState>(),
        )
    }

    /// The name of the lock's holder, if the device is locked.
    fn lock_holder(&self) -> Option<String> {
        let state = self.lock_state().ok()?;
        (state.lock_state != 0).then(|| c_string(&state.caller_name))
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.backend.close(self.handle);
    }
}

/// Decodes a `T` from the front of `bytes`, reading missing trailing bytes
/// as zero; fewer than `min` bytes is an error (the driver returned less
/// than the structure's filled part).
pub fn decode<T>(ioctl: Ioctl, bytes: &[u8], min: usize) -> Result<T, Error>
where
    T: FromBytes + KnownLayout + Immutable,
{
    if bytes.len() < min {
        return Err(internal(format!(
            "{}: the driver returned {} bytes, at least {min} expected",
            ioctl.def().map_or("IOCTL", |d| d.name),
            bytes.len()
        )));
    }
    let mut padded = bytes.to_vec();
    padded.resize(padded.len().max(size_of::<T>()), 0);
    T::read_from_prefix(&padded)
        .map(|(t, _)| t)
        .map_err(|_| internal("answer shorter than its structure"))
}

/// The text of a NUL-padded byte field, trailing spaces removed.
pub fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or(bytes))
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdfilter_core::abi::audio::VolumeControl;

    #[test]
    fn decode_pads_missing_bytes_with_zero() {
        let v: VolumeControl = decode(Ioctl::CdromGetVolume, &[1, 2], 2).unwrap();
        assert_eq!(v.port_volume, [1, 2, 0, 0]);
    }

    #[test]
    fn decode_refuses_less_than_the_minimum() {
        let r: Result<VolumeControl, _> = decode(Ioctl::CdromGetVolume, &[1], 4);
        assert_eq!(r.unwrap_err().exit_code(), 3);
    }

    #[test]
    fn c_strings_stop_at_nul_and_trim() {
        assert_eq!(c_string(b"CDFILTER  \0junk"), "CDFILTER");
        assert_eq!(c_string(b"abc"), "abc");
    }
}
