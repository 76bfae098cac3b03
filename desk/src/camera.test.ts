import { cameraConstraints, pickBackCamera } from './camera';

const cam = (deviceId: string, label: string) => ({ deviceId, label, kind: 'videoinput' as const });

describe('camera choice (issue 13: the back camera where there are several)', () => {
  it('picks the camera whose label says it faces away', () => {
    expect(pickBackCamera([cam('f', 'Front Camera'), cam('b', 'Back Camera')])).toBe('b');
    expect(pickBackCamera([cam('f', '前置摄像头'), cam('b', '后置摄像头')])).toBe('b');
    expect(pickBackCamera([cam('u', 'camera2 0, facing back'), cam('x', 'camera2 1, facing front')])).toBe('u');
  });
  it('one camera, or no telling label: the environment-facing constraint decides', () => {
    expect(pickBackCamera([cam('only', 'USB Camera')])).toBeUndefined();
    expect(pickBackCamera([cam('a', ''), cam('b', '')])).toBeUndefined();
    expect(cameraConstraints(undefined).video).toMatchObject({ facingMode: { ideal: 'environment' } });
    expect(cameraConstraints('b').video).toEqual({ deviceId: { exact: 'b' } });
  });
});
