"""Device-to-device copy bandwidth: the memory ceiling that memory-bound kernels are measured against."""
import torch

from tessera.bench import copy_bandwidth, print_table

rows = []
for mib in (64, 256, 1024):
    rows.append([mib, copy_bandwidth(mib << 20) / 1e12])
print_table(["MiB copied", "TB/s (read + write)"], rows, title=f"copy bandwidth, {torch.cuda.get_device_name()}")
print(f"SUMMARY: copy bandwidth {rows[-1][1]:.2f} TB/s (1 GiB, read + write) on {torch.cuda.get_device_name()}")
