; A tiny Multiboot kernel for lobos's end-to-end tests: it prints what its boot loader gave it
; on COM1 and leaves through QEMU's isa-debug-exit device (port 0xf4; QEMU exits with 33).
; nasm -f bin multiboot.asm -o mb1.bin            Multiboot (v1), loaded by its address fields
; nasm -f bin -DMB2 multiboot.asm -o mb2.bin      Multiboot2, loaded by its address tag
; A command line whose second word (after the kernel's path) starts with "return" makes it
; return to its caller instead.
bits 32
org 0x200000

%ifdef MB2
header:
        dd 0xe85250d6                   ; magic
        dd 0                            ; architecture: i386
        dd header_end - header          ; header_length
        dd -(0xe85250d6 + 0 + (header_end - header))
        align 8
        dw 2, 0                         ; address tag
        dd 24
        dd header                       ; header_addr
        dd header                       ; load_addr
        dd 0                            ; load_end_addr: the whole file
        dd bss_end                      ; bss_end_addr
        align 8
        dw 3, 0                         ; entry address tag
        dd 12
        dd start
        align 8
        dw 0, 0                         ; end tag
        dd 8
header_end:
%else
FLAGS equ (1 << 0) | (1 << 1) | (1 << 16)  ; page-aligned modules, memory information, address fields
header:
        dd 0x1badb002
        dd FLAGS
        dd -(0x1badb002 + FLAGS)
        dd header                       ; header_addr
        dd header                       ; load_addr
        dd 0                            ; load_end_addr: the whole file
        dd bss_end                      ; bss_end_addr
        dd start                        ; entry_addr
%endif

start:
        mov [boot_eax], eax
        mov [boot_ebx], ebx
        mov [boot_esp], esp
        mov esp, stack_top
        mov esi, s_eax
        call puts
        mov eax, [boot_eax]
        call puthex
        call newline
        mov ebx, [boot_ebx]
%ifdef MB2
        mov esi, s_total
        call puts
        mov eax, [ebx]
        call puthex
        call newline
        lea edi, [ebx + 8]
.tag:   mov eax, [edi]
        test eax, eax
        jz .done
        cmp eax, 1
        je .cmdline
        cmp eax, 2
        je .loader
        cmp eax, 3
        je .module
        cmp eax, 4
        je .meminfo
        cmp eax, 6
        je .mmap
        jmp .next
.cmdline:
        mov esi, s_cmdline
        call puts
        lea esi, [edi + 8]
        call puts
        call newline
        lea esi, [edi + 8]
        call check_return
        jmp .next
.loader:
        mov esi, s_loader
        call puts
        lea esi, [edi + 8]
        call puts
        call newline
        jmp .next
.module:
        mov esi, s_mod
        call puts
        mov eax, [edi + 8]
        call puthex
        call space
        mov eax, [edi + 12]
        call puthex
        call space
        lea esi, [edi + 16]
        call puts
        call space
        mov esi, [edi + 8]
        call putline
        call newline
        jmp .next
.meminfo:
        mov esi, s_mem
        call puts
        mov eax, [edi + 8]
        call puthex
        call space
        mov eax, [edi + 12]
        call puthex
        call newline
        jmp .next
.mmap:  lea edx, [edi + 16]             ; first entry
        mov ecx, edi
        add ecx, [edi + 4]              ; end of the tag
.entry: cmp edx, ecx
        jae .next
        mov esi, s_mmap
        call puts
        mov eax, [edx + 4]
        call puthex
        mov eax, [edx]
        call puthex
        call space
        mov eax, [edx + 12]
        call puthex
        mov eax, [edx + 8]
        call puthex
        call space
        mov eax, [edx + 16]
        call puthex
        call newline
        add edx, [edi + 8]              ; entry_size
        jmp .entry
.next:  mov eax, [edi + 4]              ; size, then up to the next 8-byte boundary
        add eax, 7
        and eax, ~7
        add edi, eax
        jmp .tag
.done:
%else
        mov esi, s_flags
        call puts
        mov eax, [ebx]
        call puthex
        call newline
        mov esi, s_mem
        call puts
        mov eax, [ebx + 4]
        call puthex
        call space
        mov eax, [ebx + 8]
        call puthex
        call newline
        mov esi, s_cmdline
        call puts
        mov esi, [ebx + 16]
        call puts
        call newline
        mov esi, s_loader
        call puts
        mov esi, [ebx + 64]
        call puts
        call newline
        mov esi, s_mods
        call puts
        mov eax, [ebx + 20]
        call puthex
        call newline
        mov ecx, [ebx + 20]
        mov edi, [ebx + 24]
.mod:   test ecx, ecx
        jz .mods_done
        mov esi, s_mod
        call puts
        mov eax, [edi]
        call puthex
        call space
        mov eax, [edi + 4]
        call puthex
        call space
        mov esi, [edi + 8]
        call puts
        call space
        mov esi, [edi]
        call putline
        call newline
        add edi, 16
        dec ecx
        jmp .mod
.mods_done:
        mov edi, [ebx + 48]
        mov edx, edi
        add edx, [ebx + 44]
.mm:    cmp edi, edx
        jae .mm_done
        mov esi, s_mmap
        call puts
        mov eax, [edi + 8]
        call puthex
        mov eax, [edi + 4]
        call puthex
        call space
        mov eax, [edi + 16]
        call puthex
        mov eax, [edi + 12]
        call puthex
        call space
        mov eax, [edi + 20]
        call puthex
        call newline
        mov eax, [edi]
        lea edi, [edi + eax + 4]
        jmp .mm
.mm_done:
        mov esi, [ebx + 16]
        call check_return
%endif
        mov esi, s_end
        call puts
        mov dx, 0xf4
        mov eax, 0x10
        out dx, eax                     ; isa-debug-exit: QEMU exits with (0x10 << 1) | 1
.halt:  hlt
        jmp .halt

; If the command line at esi has "return" after its first word (the kernel's path), go back to
; whoever called the entry point.
check_return:
        push eax
        push esi
.word:  lodsb                           ; skip the path: up to the first space
        test al, al
        jz .not
        cmp al, ' '
        jne .word
        cmp dword [esi], 'retu'
        jne .not
        cmp word [esi + 4], 'rn'
        jne .not
        mov esi, s_return
        call puts
        mov esp, [boot_esp]
        ret
.not:   pop esi
        pop eax
        ret

putc:   ; al
        push edx
        push eax
        mov dx, 0x3fd
.wait:  in al, dx
        test al, 0x20
        jz .wait
        pop eax
        mov dx, 0x3f8
        out dx, al
        pop edx
        ret

puts:   ; esi: NUL-terminated
        push eax
        push esi
.next:  lodsb
        test al, al
        jz .done
        call putc
        jmp .next
.done:  pop esi
        pop eax
        ret

putline: ; esi: up to a newline or NUL, at most 64 bytes
        push eax
        push ecx
        push esi
        mov ecx, 64
.next:  lodsb
        test al, al
        jz .done
        cmp al, 10
        je .done
        call putc
        loop .next
.done:  pop esi
        pop ecx
        pop eax
        ret

puthex: ; eax, eight digits
        push ecx
        push eax
        mov ecx, 8
.digit: rol eax, 4
        push eax
        and al, 0x0f
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '9' - 1
.out:   call putc
        pop eax
        loop .digit
        pop eax
        pop ecx
        ret

space:  push eax
        mov al, ' '
        call putc
        pop eax
        ret

newline: push eax
        mov al, 13
        call putc
        mov al, 10
        call putc
        pop eax
        ret

%ifdef MB2
s_eax:     db "MB2 eax=", 0
s_total:   db "MB2 total_size=", 0
%else
s_eax:     db "MB1 eax=", 0
s_flags:   db "MB1 flags=", 0
s_mods:    db "MB1 mods=", 0
%endif
s_mem:     db "MB mem ", 0
s_cmdline: db "MB cmdline=", 0
s_loader:  db "MB loader=", 0
s_mod:     db "MB mod ", 0
s_mmap:    db "MB mmap ", 0
s_end:     db "MB end", 13, 10, 0
s_return:  db "MB returning", 13, 10, 0

align 4
boot_eax:  dd 0
boot_ebx:  dd 0
boot_esp:  dd 0
bss_start:
        times 4096 db 0                 ; (in the file: nasm's flat binaries have no bss)
stack_top:
bss_end:
