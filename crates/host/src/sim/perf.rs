//! Speed and streaming: SET CD SPEED, SET STREAMING, GET PERFORMANCE, and
//! the writer's SEND OPC INFORMATION.

use super::mode::WRITE_SPEEDS;
use super::wire::{answer, be16, be32, byte, put32, Outcome, Reply};
use super::{Sense, SimConfig, SimDrive};

/// 1x CD speed in kB/s (rounded down from 176.4).
const SPEED_1X: u16 = 176;

/// Speeds the host selected.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Speed {
    /// Read speed, kB/s.
    pub read: u16,
    /// Write speed, kB/s (0 on a reader).
    pub write: u16,
    /// Rotation control (0 CLV, 1 CAV).
    pub rotation: u8,
    /// The accepted SET STREAMING performance descriptor.
    pub streaming: Option<[u8; 28]>,
}

impl Speed {
    /// The power-on speeds: fastest read, fastest write.
    pub fn new(config: &SimConfig) -> Self {
        Self {
            read: config.max_read_speed,
            write: if config.profile.is_writer() {
                WRITE_SPEEDS[0]
            } else {
                0
            },
            rotation: 0,
            streaming: None,
        }
    }
}

impl SimDrive {
    /// Clamps a requested read speed (0xFFFF = fastest) to what the drive
    /// can do.
    fn read_speed_for(&self, requested: u32) -> u16 {
        let max = self.config.max_read_speed;
        u16::try_from(requested).map_or(max, |r| r.clamp(SPEED_1X, max.max(SPEED_1X)))
    }

    /// The write speed nearest below a request (0xFFFF = fastest); readers
    /// keep 0.
    fn write_speed_for(&self, requested: u16) -> u16 {
        if !self.config.profile.is_writer() {
            return 0;
        }
        let slowest = WRITE_SPEEDS[WRITE_SPEEDS.len() - 1];
        WRITE_SPEEDS
            .iter()
            .copied()
            .find(|s| *s <= requested)
            .unwrap_or(slowest)
    }

    /// SET CD SPEED: rotation control 0 (CLV) or 1 (CAV); read and write
    /// speed in kB/s, 0xFFFF for the fastest.
    pub(super) fn set_cd_speed(&mut self, cdb: &[u8]) -> Outcome {
        let rotation = byte(cdb, 1) & 0x03;
        if rotation > 1 {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        self.speed.rotation = rotation;
        self.speed.read = self.read_speed_for(u32::from(be16(cdb, 2)));
        self.speed.write = self.write_speed_for(be16(cdb, 4));
        Ok(Reply::Done)
    }

    /// SET STREAMING with a 28-byte performance descriptor (type 0).
    pub(super) fn set_streaming(&mut self, cdb: &[u8], out: &[u8]) -> Outcome {
        if !self.config.streaming {
            return Err(Sense::INVALID_OPCODE);
        }
        if byte(cdb, 8) != 0 {
            // Only the performance descriptor type.
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        let length = usize::from(be16(cdb, 9));
        if length == 0 {
            return Ok(Reply::Done);
        }
        if length < 28 {
            return Err(Sense::PARAMETER_LIST_LENGTH);
        }
        let d: [u8; 28] = out
            .get(..28)
            .and_then(|d| d.try_into().ok())
            .ok_or(Sense::PARAMETER_LIST_LENGTH)?;
        let reserved = d[0] & 0xE0 != 0 || d[1..4] != [0, 0, 0];
        let rotation = (d[0] >> 3) & 0x03;
        if reserved || rotation > 1 {
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if d[0] & 0x04 != 0 {
            // RDD: restore the drive's defaults; the rest is ignored.
            self.speed = Speed::new(&self.config);
            return Ok(Reply::Done);
        }
        let (start, end) = (be32(&d, 4), be32(&d, 8));
        let (read_size, read_time) = (be32(&d, 12), be32(&d, 16));
        let (write_size, write_time) = (be32(&d, 20), be32(&d, 24));
        let capacity = self.media.ready_disc().map(crate::disc::Disc::leadout);
        let past_end = capacity.is_some_and(|c| end >= c);
        if end < start
            || past_end
            || (read_time == 0 && read_size != 0)
            || (write_time == 0 && write_size != 0)
        {
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if read_time != 0 {
            // Size in kB over time in ms gives kB/ms; × 1000 for kB/s.
            let rate = u64::from(read_size) * 1000 / u64::from(read_time);
            self.speed.read = self.read_speed_for(u32::try_from(rate).unwrap_or(u32::MAX));
        }
        if write_time != 0 {
            let rate = u64::from(write_size) * 1000 / u64::from(write_time);
            self.speed.write = self.write_speed_for(u16::try_from(rate).unwrap_or(u16::MAX));
        }
        self.speed.rotation = rotation;
        self.speed.streaming = Some(d);
        Ok(Reply::Done)
    }

    /// GET PERFORMANCE: type 0 (performance: nominal, entire list or
    /// exceptions; read or write) and type 3 (write speed descriptors).
    pub(super) fn get_performance(&mut self, cdb: &[u8], buf: &mut [u8]) -> Outcome {
        let b1 = byte(cdb, 1);
        let (tolerance, write, except) = ((b1 >> 3) & 0x03, b1 & 0x04 != 0, b1 & 0x03);
        let start = be32(cdb, 2);
        let max_descriptors = usize::from(be16(cdb, 8));
        let writer = self.config.profile.is_writer();
        let (flags, descriptors): (u8, Vec<[u8; 16]>) = match byte(cdb, 10) {
            0 => {
                if tolerance != 2 || except == 3 || (write && !writer) {
                    return Err(Sense::INVALID_FIELD_IN_CDB);
                }
                let last = self.medium()?.leadout().saturating_sub(1);
                if start > last {
                    return Err(Sense::LBA_OUT_OF_RANGE);
                }
                let speed = u32::from(if write {
                    self.speed.write
                } else {
                    self.speed.read
                });
                let mut d = [0u8; 16];
                put32(&mut d, 0, start);
                put32(&mut d, 4, speed);
                put32(&mut d, 8, last);
                put32(&mut d, 12, speed);
                let list = if except == 2 { Vec::new() } else { vec![d] };
                (u8::from(write) << 1 | u8::from(except == 2), list)
            }
            3 => {
                let end = self
                    .media
                    .ready_disc()
                    .map(|d| d.leadout().saturating_sub(1));
                let list = match end {
                    Some(end) if writer => WRITE_SPEEDS
                        .iter()
                        .map(|s| {
                            let mut d = [0u8; 16];
                            put32(&mut d, 4, end);
                            put32(&mut d, 8, u32::from(self.config.max_read_speed));
                            put32(&mut d, 12, u32::from(*s));
                            d
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (0, list)
            }
            _ => return Err(Sense::INVALID_FIELD_IN_CDB),
        };
        // Exception descriptors are 6 bytes; there are never any here.
        let n = descriptors.len().min(max_descriptors);
        let mut v = vec![0u8; 8];
        put32(&mut v, 0, (4 + 16 * n) as u32);
        v[4] = flags;
        for d in descriptors.iter().take(n) {
            v.extend_from_slice(d);
        }
        Ok(answer(buf, &v, v.len()))
    }

    /// SEND OPC INFORMATION (writers only): DoOpc with an optional table of
    /// 8-byte OPC entries.
    pub(super) fn send_opc(&mut self, cdb: &[u8], out: &[u8]) -> Outcome {
        if !self.config.profile.is_writer() {
            return Err(Sense::INVALID_OPCODE);
        }
        self.medium()?;
        let length = usize::from(be16(cdb, 7));
        if length % 8 != 0 || out.len() < length {
            return Err(Sense::PARAMETER_LIST_LENGTH);
        }
        Ok(Reply::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_speed_rounds_down_to_a_supported_speed() {
        let config = SimConfig {
            profile: super::super::Profile::CdR,
            ..SimConfig::default()
        };
        let drive = SimDrive::new(config, None);
        assert_eq!(drive.write_speed_for(5000), 4234);
        assert_eq!(drive.write_speed_for(0xFFFF), 7056);
        assert_eq!(drive.write_speed_for(100), 706);
    }
}
