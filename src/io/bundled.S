// The boundary files bundled in data/, built into the library so that every frontline binary
// knows Ukraine's border and its neighbours' land without finding files at run time (C++20 has
// no #embed; the assembler's .incbin does the same). Paths come from src/CMakeLists.txt.
        .section .rodata
        .balign 16
        .globl frontline_bundled_oblasts_gz
frontline_bundled_oblasts_gz:
        .incbin FRONTLINE_OBLASTS_GZ
        .globl frontline_bundled_oblasts_gz_end
frontline_bundled_oblasts_gz_end:
        .balign 16
        .globl frontline_bundled_neighbours_gz
frontline_bundled_neighbours_gz:
        .incbin FRONTLINE_NEIGHBOURS_GZ
        .globl frontline_bundled_neighbours_gz_end
frontline_bundled_neighbours_gz_end:
        .section .note.GNU-stack,"",@progbits
