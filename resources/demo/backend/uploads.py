"""Upload files to the object store, with retries."""

import hashlib
import random
import time


class UploadError(Exception):
    pass


def backoff_delays(attempts, base=0.5, cap=30.0):
    """Exponential backoff with full jitter, as recommended for shared services."""
    for attempt in range(attempts):
        yield random.uniform(0, min(cap, base * 2 ** attempt))


def upload_with_retry(client, bucket, key, data, attempts=5):
    """Send one object, retrying on transient failures before giving up."""
    last_error = None
    for delay in backoff_delays(attempts):
        try:
            return client.put_object(bucket, key, data)
        except (TimeoutError, ConnectionError) as exc:
            last_error = exc
            time.sleep(delay)
    raise UploadError(f"could not upload {key} after {attempts} attempts") from last_error


def content_md5(data):
    return hashlib.md5(data).hexdigest()


def split_into_parts(data, part_size=8 * 1024 * 1024):
    """Cut a large payload into parts for a multipart upload."""
    return [data[i:i + part_size] for i in range(0, len(data), part_size)]
