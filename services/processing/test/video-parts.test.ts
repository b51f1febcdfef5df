import { expect } from 'chai';
import { AppError } from '@episodic/core';
import { partBytes, partPlan, partRange } from '../src/domain/video-parts.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('processing/video parts: part size and ranges within S3 limits', () => {
  it('When a file fits in 10,000 parts of the preferred size, then that size is used and the last part holds the rest', () => {
    const plan = partPlan(20 * MiB, 8 * MiB);

    expect(plan).to.deep.equal({ partSize: 8 * MiB, partCount: 3 });
    expect([1, 2, 3].map((number) => partBytes(plan, 20 * MiB, number))).to.deep.equal([8 * MiB, 8 * MiB, 4 * MiB]);
  });

  it('When the file is 100 GiB, then parts grow to 11 MiB: at most 10,000 of them, and within the emulator\'s 11 MiB request limit', () => {
    const plan = partPlan(100 * GiB, 8 * MiB);

    expect(plan.partSize).to.equal(11 * MiB);
    expect(plan.partCount).to.be.at.most(10_000);
    expect(plan.partSize * plan.partCount).to.be.at.least(100 * GiB);
  });

  it('When the preferred size is below S3\'s 5 MiB minimum, then 5 MiB is used; a 1-byte file is one part', () => {
    expect(partPlan(12 * MiB, MiB)).to.deep.equal({ partSize: 5 * MiB, partCount: 3 });
    expect(partPlan(1, 8 * MiB)).to.deep.equal({ partSize: 8 * MiB, partCount: 1 });
  });

  it('When a file would need parts above 5 GiB, then 413 naming /size_bytes', () => {
    const error = (() => { try { return partPlan(10_000 * 5 * GiB + 1, 8 * MiB); } catch (caught) { return caught; } })();

    expect(error).to.be.instanceOf(AppError).and.include({ status: 413 });
    expect((error as AppError).errors).to.deep.equal([{ path: '/size_bytes', message: 'too large for a multipart upload' }]);
  });

  it('When a range of part numbers is asked for, then the default is 100 from the first, and each bound past the last part is named', () => {
    expect(partRange(1, undefined, 250)).to.have.length(100);
    expect(partRange(240, undefined, 250)).to.deep.equal([240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250]);
    const error = (() => { try { return partRange(5, 1200, 2000); } catch (caught) { return caught; } })();
    expect((error as AppError).errors).to.deep.equal([{ path: '/last', message: 'at most 1000 parts per request' }]);
  });
});
