// dingo_context_switch(void **saveSp, void *nextSp)
//
// Cooperative switch for the SysV x86-64 ABI: only callee-saved state
// crosses a call, so that is all a switch saves: rbp, rbx, r12-r15, the SSE
// control/status word and the x87 control word. Layout at the saved stack
// pointer (prepareContext() builds the same one for a new fiber):
//   0: mxcsr (4 bytes), x87 cw (2 bytes)   8: r15  16: r14  24: r13
//  32: r12  40: rbx  48: rbp  56: return address
// It returns with pop + indirect jmp rather than ret: a ret to another
// context always misses the return-stack predictor, the indirect jump is
// predicted (bench/dingo: about half the cost of a switch).
//
// Written as file-scope asm in a C++ file so the build needs no ASM language.

#if !defined(__x86_64__)
#error "dingo: the fiber switch is written for x86-64 only"
#endif

asm(R"(
	.pushsection .text
	.globl	dingo_context_switch
	.type	dingo_context_switch, @function
	.p2align 4
dingo_context_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%r11
	jmpq	*%r11
	.cfi_endproc
	.size	dingo_context_switch, .-dingo_context_switch

# First code a new fiber runs: entry(arg) with entry in r13 and arg in r12.
# The return address is marked undefined so debuggers and unwinders stop
# here instead of walking off the top of the fiber's stack.
	.globl	dingo_context_trampoline
	.type	dingo_context_trampoline, @function
	.p2align 4
dingo_context_trampoline:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r12, %rdi
	callq	*%r13
	ud2
	.cfi_endproc
	.size	dingo_context_trampoline, .-dingo_context_trampoline
	.popsection
)");
