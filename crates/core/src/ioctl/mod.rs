//! IOCTL codes and the driver's IOCTL table.
//!
//! Every code is computed by [`ctl_code`] from its device type, function,
//! method and access, exactly like the `CTL_CODE` macro; none is typed by hand.
//! The table records, for each code, how the driver handles it.

mod table;

pub use table::{lookup, Handling, Ioctl, IoctlDef, TABLE};

/// Device types (`FILE_DEVICE_*`) that carry IOCTLs the driver sees.
pub mod device_type {
    /// `FILE_DEVICE_CD_ROM`.
    pub const CD_ROM: u16 = 0x0002;
    /// `FILE_DEVICE_CONTROLLER` (`IOCTL_SCSI_BASE`).
    pub const CONTROLLER: u16 = 0x0004;
    /// `FILE_DEVICE_DISK`.
    pub const DISK: u16 = 0x0007;
    /// `FILE_DEVICE_TAPE`.
    pub const TAPE: u16 = 0x001F;
    /// `FILE_DEVICE_MASS_STORAGE` (`IOCTL_STORAGE_BASE`).
    pub const MASS_STORAGE: u16 = 0x002D;
    /// `FILE_DEVICE_DVD`.
    pub const DVD: u16 = 0x0033;
    /// `MOUNTDEVCONTROLTYPE`.
    pub const MOUNTDEV: u16 = 0x004D;
}

/// Transfer method of an IOCTL (`METHOD_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    /// `METHOD_BUFFERED`: input and output share one system buffer.
    Buffered = 0,
    /// `METHOD_IN_DIRECT`.
    InDirect = 1,
    /// `METHOD_OUT_DIRECT`: output described by the request's MDL.
    OutDirect = 2,
    /// `METHOD_NEITHER`.
    Neither = 3,
}

/// Required access of an IOCTL (`FILE_*_ACCESS`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    /// `FILE_ANY_ACCESS`.
    Any = 0,
    /// `FILE_READ_ACCESS`.
    Read = 1,
    /// `FILE_WRITE_ACCESS`.
    Write = 2,
    /// `FILE_READ_ACCESS | FILE_WRITE_ACCESS`.
    ReadWrite = 3,
}

/// `CTL_CODE(DeviceType, Function, Method, Access)`.
///
/// Computed exactly like the C macro, without masking the function: a
/// function number wider than 12 bits spills into the access bits, which is
/// why `IOCTL_CDROM_SIMBAD` (function 0x1003) equals `IOCTL_CDROM_PAUSE_AUDIO`.
pub const fn ctl_code(device: u16, function: u16, method: Method, access: Access) -> u32 {
    ((device as u32) << 16) | ((access as u32) << 14) | ((function as u32) << 2) | method as u32
}

/// An IOCTL code split into its fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct IoctlCode(pub u32);

impl IoctlCode {
    /// Device type (bits 16..32).
    pub const fn device_type(self) -> u16 {
        (self.0 >> 16) as u16
    }

    /// Function number (bits 2..14).
    pub const fn function(self) -> u16 {
        ((self.0 >> 2) & 0x0FFF) as u16
    }

    /// Transfer method (bits 0..2).
    pub const fn method(self) -> Method {
        match self.0 & 3 {
            0 => Method::Buffered,
            1 => Method::InDirect,
            2 => Method::OutDirect,
            _ => Method::Neither,
        }
    }

    /// Required access (bits 14..16).
    pub const fn access(self) -> Access {
        match (self.0 >> 14) & 3 {
            0 => Access::Any,
            1 => Access::Read,
            2 => Access::Write,
            _ => Access::ReadWrite,
        }
    }

    /// The class driver's normalisation: a SCSI, DISK, TAPE, DVD or CD-ROM
    /// code whose function is in 0x200..=0x300 is the storage IOCTL with the
    /// same low 16 bits (so `IOCTL_CDROM_CHECK_VERIFY` is handled as
    /// `IOCTL_STORAGE_CHECK_VERIFY`). Forwarded requests keep their code.
    pub const fn normalized(self) -> Self {
        let dev = self.device_type();
        let f = self.function();
        let storage_family = matches!(
            dev,
            device_type::CONTROLLER
                | device_type::DISK
                | device_type::TAPE
                | device_type::DVD
                | device_type::CD_ROM
        );
        if storage_family && f >= 0x200 && f <= 0x300 {
            Self(((device_type::MASS_STORAGE as u32) << 16) | (self.0 & 0xFFFF))
        } else {
            self
        }
    }

    /// True for the five device types the exclusive lock guards
    /// (SCSI, DISK, CD-ROM, STORAGE, DVD).
    pub const fn is_storage_family(self) -> bool {
        matches!(
            self.device_type(),
            device_type::CONTROLLER
                | device_type::DISK
                | device_type::CD_ROM
                | device_type::MASS_STORAGE
                | device_type::DVD
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctl_code_matches_the_c_macro() {
        assert_eq!(ctl_code(2, 0x000, Method::Buffered, Access::Read), 0x24000);
        assert_eq!(ctl_code(2, 0x00F, Method::OutDirect, Access::Read), 0x2403E);
        assert_eq!(
            ctl_code(2, 0x017, Method::Buffered, Access::ReadWrite),
            0x2C05C
        );
        assert_eq!(
            ctl_code(0x2D, 0x200, Method::Buffered, Access::Any),
            0x2D0800
        );
    }

    #[test]
    fn simbad_overflows_into_pause() {
        assert_eq!(
            ctl_code(2, 0x1003, Method::Buffered, Access::Read),
            ctl_code(2, 0x003, Method::Buffered, Access::Read)
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(IoctlCode(0x24800).normalized(), IoctlCode(0x2D4800));
        assert_eq!(IoctlCode(0x74800).normalized(), IoctlCode(0x2D4800));
        assert_eq!(IoctlCode(0x24808).normalized(), IoctlCode(0x2D4808));
        assert_eq!(IoctlCode(0x70C00).normalized(), IoctlCode(0x2D0C00));
        assert_eq!(IoctlCode(0x24000).normalized(), IoctlCode(0x24000));
        assert_eq!(IoctlCode(0x25008).normalized(), IoctlCode(0x25008));
    }

    #[test]
    fn fields() {
        let c = IoctlCode(0x2403E);
        assert_eq!(c.device_type(), 2);
        assert_eq!(c.function(), 0xF);
        assert_eq!(c.method(), Method::OutDirect);
        assert_eq!(c.access(), Access::Read);
    }
}
