"""The password hasher used for new and updated passwords: Argon2id at OWASP's first recommended setting.

Django's own Argon2 defaults (100 MiB, 8 lanes) cost about as much CPU per sign-in as PBKDF2 with 1.5 M
iterations; OWASP's minimum for Argon2id is 19 MiB of memory, 2 passes, 1 lane
(https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html), which resists GPU guessing
through its memory and costs a small fraction of the CPU. A stored hash made with other parameters (or with
PBKDF2) still verifies and is rewritten with these at the user's next sign-in.
"""
from django.contrib.auth.hashers import Argon2PasswordHasher

OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


class Argon2Hasher(Argon2PasswordHasher):
    time_cost = OWASP_MIN_TIME_COST
    memory_cost = OWASP_MIN_MEMORY_KIB
    parallelism = 1
