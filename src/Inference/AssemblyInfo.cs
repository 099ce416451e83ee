using System.Runtime.CompilerServices;

// Every native struct is blittable and mirrors llama.h field by field; no runtime marshalling.
[assembly: DisableRuntimeMarshalling]
