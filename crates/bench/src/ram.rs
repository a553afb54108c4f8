//! A port whose "device" is a block of memory: the cheapest possible drive,
//! so what is measured around it is the driver's own cost.
//!
//! It answers the commands the benchmarked paths send with fixed, valid
//! answers; READ CD and READ(10)/(12) copy from a preloaded image (that copy
//! is the device's own transfer, the same bytes a DMA engine would move).

use cdfilter_core::port::{Command, DataPhase, Port, PortResult};

/// The RAM drive.
#[derive(Debug)]
pub struct RamPort {
    image: Vec<u8>,
    max_transfer: u32,
    /// Commands executed.
    pub commands: u64,
}

impl RamPort {
    /// A drive with `sectors` raw 2352-byte sectors and a per-command limit.
    pub fn new(sectors: usize, max_transfer: u32) -> Self {
        let image = (0..sectors * 2352).map(|i| (i % 251) as u8).collect();
        Self {
            image,
            max_transfer,
            commands: 0,
        }
    }

    fn answer(cdb: &[u8], buf: &mut [u8], image: &[u8]) -> usize {
        let be32 =
            |i: usize| u32::from_be_bytes([cdb[i], cdb[i + 1], cdb[i + 2], cdb[i + 3]]) as usize;
        match cdb.first().copied().unwrap_or(0) {
            // READ CD: raw sectors (per-sector size from the buffer).
            0xBE => {
                let count =
                    (usize::from(cdb[6]) << 16) | (usize::from(cdb[7]) << 8) | usize::from(cdb[8]);
                let per = buf.len().checked_div(count).unwrap_or(0);
                let start = be32(2) * per;
                let n = buf.len().min(image.len().saturating_sub(start));
                buf[..n].copy_from_slice(&image[start..start + n]);
                n
            }
            // READ(10)/READ(12): cooked 2048-byte sectors.
            0x28 | 0xA8 => {
                let start = be32(2) * 2048;
                let n = buf.len().min(image.len().saturating_sub(start));
                buf[..n].copy_from_slice(&image[start..start + n]);
                n
            }
            // READ CAPACITY: last LBA, 2048.
            0x25 => {
                let last = (image.len() / 2352).saturating_sub(1) as u32;
                let mut a = [0u8; 8];
                a[..4].copy_from_slice(&last.to_be_bytes());
                a[4..].copy_from_slice(&2048u32.to_be_bytes());
                let n = buf.len().min(8);
                buf[..n].copy_from_slice(&a[..n]);
                n
            }
            // READ TOC format 0: one data track, lead-out.
            0x43 => {
                let toc: [u8; 20] = [
                    0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 2, 0, 0, 0x14, 0xAA, 0, 0, 0x10, 0, 0,
                ];
                let n = buf.len().min(toc.len());
                buf[..n].copy_from_slice(&toc[..n]);
                n
            }
            // Everything else: zero-filled answer of the requested length.
            _ => {
                buf.fill(0);
                buf.len()
            }
        }
    }
}

impl Port for RamPort {
    #[inline(never)]
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        self.commands += 1;
        let n = match cmd.data {
            DataPhase::In(buf) => Self::answer(cmd.cdb.as_bytes(), buf, &self.image),
            DataPhase::Out(b) => b.len(),
            DataPhase::None => 0,
        };
        PortResult::good(n as u32)
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.max_transfer
    }
}
