// The part of autocannon's API bench/api-load uses (the package ships no types).
declare module 'autocannon' {
  interface Options { url: string; connections: number; duration: number; headers?: Record<string, string> }
  interface Histogram { average: number; total: number; p99: number }
  interface Result { requests: Histogram; latency: Histogram; non2xx: number; errors: number; timeouts: number }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
