//! Export and import (placeholder, filled in below).
