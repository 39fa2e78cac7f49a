/* Compiled with -include of a generated header for module @escape_test:
 * "ptx" prints the embedded PTX byte for byte, "table" the kernel table. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const tessera_kernel_info *k;
  if (argc > 1 && strcmp(argv[1], "ptx") == 0) {
    fputs(tessera_escape_test_ptx, stdout);
    return 0;
  }
  printf("kernels=%d\n", TESSERA_ESCAPE_TEST_NUM_KERNELS);
  for (k = tessera_escape_test_kernels; k->name; ++k)
    printf("%s threads=%u shared=%u params=%u types=%s\n", k->name,
           k->threads_per_block, k->shared_bytes, k->num_params, k->param_types);
  printf("end\n");
  return strcmp(TESSERA_ESCAPE_TEST_ODD_CHARS_NAME, "odd_chars") != 0 ||
         TESSERA_ESCAPE_TEST_ODD_CHARS_THREADS_PER_BLOCK != 32;
}
